using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Compliance.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AuditHashVersionAndContentDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "hash_version",
                table: "audit_entries",
                type: "smallint",
                nullable: false,
                defaultValue: (short)1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "hash_version",
                table: "audit_entries");
        }
    }
}

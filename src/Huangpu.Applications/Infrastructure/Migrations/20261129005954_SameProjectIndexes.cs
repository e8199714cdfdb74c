using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Applications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SameProjectIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_applications_organization_uscc",
                table: "applications");

            migrationBuilder.CreateIndex(
                name: "IX_applications_documents",
                table: "applications",
                column: "documents")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" })
                .Annotation("Npgsql:StorageParameter:fastupdate", false);

            migrationBuilder.CreateIndex(
                name: "IX_applications_organization_uscc_normalized_title",
                table: "applications",
                columns: new[] { "organization_uscc", "normalized_title" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_applications_documents",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "IX_applications_organization_uscc_normalized_title",
                table: "applications");

            migrationBuilder.CreateIndex(
                name: "IX_applications_organization_uscc",
                table: "applications",
                column: "organization_uscc");
        }
    }
}

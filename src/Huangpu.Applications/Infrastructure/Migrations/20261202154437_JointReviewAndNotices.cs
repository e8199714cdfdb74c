using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Applications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class JointReviewAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "approved_amount_fen",
                table: "applications",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "joint_review",
                table: "applications",
                type: "jsonb",
                nullable: false,
                // Applications before joint review existed: an empty record.
                defaultValueSql: "'{\"votes\": []}'::jsonb");

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: false),
                    how_to_object = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    contact = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    published_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "objections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    notice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    objector_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    objector_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    facts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    resolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_objections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notice_entries",
                columns: table => new
                {
                    notice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    organization_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    item_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    finalised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_entries", x => new { x.notice_id, x.application_id });
                    table.ForeignKey(
                        name: "fk_notice_entries_notices_notice_id",
                        column: x => x.notice_id,
                        principalTable: "notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notice_entries_application_id",
                table: "notice_entries",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_notice_entries_status",
                table: "notice_entries",
                column: "status",
                filter: "status = 'InNotice'");

            migrationBuilder.CreateIndex(
                name: "ix_notices_policy_id_starts_on",
                table: "notices",
                columns: new[] { "policy_id", "starts_on" });

            migrationBuilder.CreateIndex(
                name: "ix_objections_notice_id_application_id",
                table: "objections",
                columns: new[] { "notice_id", "application_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_entries");

            migrationBuilder.DropTable(
                name: "objections");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropColumn(
                name: "approved_amount_fen",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "joint_review",
                table: "applications");
        }
    }
}

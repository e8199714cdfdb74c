using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Applications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    round_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    project_period = table.Column<string>(type: "jsonb", nullable: true),
                    requested_amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    declaration = table.Column<string>(type: "jsonb", nullable: true),
                    documents = table.Column<string>(type: "jsonb", nullable: false),
                    apply_free = table.Column<bool>(type: "boolean", nullable: false),
                    city_award_fen = table.Column<long>(type: "bigint", nullable: true),
                    city_award_record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    accepted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    supplement_was_requested = table.Column<bool>(type: "boolean", nullable: false),
                    supplement_items = table.Column<string>(type: "jsonb", nullable: false),
                    supplement_deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    held_from = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    history = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "city_awards",
                columns: table => new
                {
                    source_record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    award_fen = table.Column<long>(type: "bigint", nullable: false),
                    award_year = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    document_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_city_awards", x => x.source_record_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_applications_city_award_record_id",
                table: "applications",
                column: "city_award_record_id",
                unique: true,
                filter: "city_award_record_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_applications_organization_uscc",
                table: "applications",
                column: "organization_uscc");

            migrationBuilder.CreateIndex(
                name: "IX_applications_status",
                table: "applications",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_city_awards_organization_uscc",
                table: "city_awards",
                column: "organization_uscc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "city_awards");
        }
    }
}

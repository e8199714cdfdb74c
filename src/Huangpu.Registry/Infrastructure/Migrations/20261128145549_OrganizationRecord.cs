using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Huangpu.Registry.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "abnormal_listings",
                table: "organizations",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "contact",
                table: "organizations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hr_filing",
                table: "organizations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hr_licence",
                table: "organizations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "industry_direction_confirmed",
                table: "organizations",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "industry_direction_judged_at",
                table: "organizations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "industry_direction_judged_by",
                table: "organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "industry_direction_note",
                table: "organizations",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "labour_dispatch_licence",
                table: "organizations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "legal_representative",
                table: "organizations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "registration_status",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "registration_status_since",
                table: "organizations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "senior_managers",
                table: "organizations",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "shareholders",
                table: "organizations",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "credit_records",
                columns: table => new
                {
                    source_record_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    listed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    removed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    authority = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    document_number = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_records", x => x.source_record_id);
                });

            migrationBuilder.CreateTable(
                name: "feed_receipts",
                columns: table => new
                {
                    bureau = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_receipts", x => new { x.bureau, x.source_record_id });
                });

            migrationBuilder.CreateTable(
                name: "field_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    uscc = table.Column<string>(type: "character varying(18)", nullable: false),
                    field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    old_value = table.Column<string>(type: "text", nullable: true),
                    new_value = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<int>(type: "integer", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actor_role = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_field_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_field_changes_organizations_uscc",
                        column: x => x.uscc,
                        principalTable: "organizations",
                        principalColumn: "uscc",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_records_uscc",
                table: "credit_records",
                column: "uscc");

            migrationBuilder.CreateIndex(
                name: "IX_field_changes_uscc_id",
                table: "field_changes",
                columns: new[] { "uscc", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_records");

            migrationBuilder.DropTable(
                name: "feed_receipts");

            migrationBuilder.DropTable(
                name: "field_changes");

            migrationBuilder.DropColumn(
                name: "abnormal_listings",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "contact",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "hr_filing",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "hr_licence",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "industry_direction_confirmed",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "industry_direction_judged_at",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "industry_direction_judged_by",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "industry_direction_note",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "labour_dispatch_licence",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "legal_representative",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_status",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "registration_status_since",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "senior_managers",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "shareholders",
                table: "organizations");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Compliance.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RiskAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    evidence_message_ids = table.Column<string>(type: "jsonb", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "risk_watched_awards",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    approved_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_awards", x => x.application_id);
                });

            migrationBuilder.CreateTable(
                name: "risk_watched_listings",
                columns: table => new
                {
                    source_record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    removed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_listings", x => x.source_record_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_organization_uscc",
                table: "alerts",
                column: "organization_uscc");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_rule_id_subject",
                table: "alerts",
                columns: new[] { "rule_id", "subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_risk_watched_awards_organization_uscc",
                table: "risk_watched_awards",
                column: "organization_uscc");

            migrationBuilder.CreateIndex(
                name: "ix_risk_watched_listings_organization_uscc",
                table: "risk_watched_listings",
                column: "organization_uscc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "risk_watched_awards");

            migrationBuilder.DropTable(
                name: "risk_watched_listings");
        }
    }
}

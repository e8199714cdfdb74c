using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Compliance.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RiskWatchesOfSubmissionsScoresAndExperts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_watched_applications",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    item_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_applications", x => x.application_id);
                });

            migrationBuilder.CreateTable(
                name: "risk_watched_documents",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_documents", x => new { x.sha256, x.application_id });
                });

            migrationBuilder.CreateTable(
                name: "risk_watched_experts",
                columns: table => new
                {
                    expert_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    conflicts = table.Column<List<string>>(type: "text[]", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_experts", x => x.expert_id);
                });

            migrationBuilder.CreateTable(
                name: "risk_watched_scores",
                columns: table => new
                {
                    expert_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_watched_scores", x => new { x.expert_id, x.application_id });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_watched_applications");

            migrationBuilder.DropTable(
                name: "risk_watched_documents");

            migrationBuilder.DropTable(
                name: "risk_watched_experts");

            migrationBuilder.DropTable(
                name: "risk_watched_scores");
        }
    }
}

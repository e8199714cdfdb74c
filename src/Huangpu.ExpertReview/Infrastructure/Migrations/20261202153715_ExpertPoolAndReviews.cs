using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.ExpertReview.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ExpertPoolAndReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "experts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    employer_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    ties = table.Column<string>(type: "jsonb", nullable: false),
                    available = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_experts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fair_competition_reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_ids = table.Column<string>(type: "jsonb", nullable: false),
                    opinion = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    adviser_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fair_competition_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    group_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    requested_amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    cap_fen = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    pending_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    seed = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    drawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    members = table.Column<string>(type: "jsonb", nullable: false),
                    recusals = table.Column<string>(type: "jsonb", nullable: false),
                    scores = table.Column<string>(type: "jsonb", nullable: false),
                    consensus = table.Column<string>(type: "jsonb", nullable: true),
                    panel_score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    spread = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    recommended_amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.application_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_experts_available",
                table: "experts",
                column: "available");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_status",
                table: "reviews",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "experts");

            migrationBuilder.DropTable(
                name: "fair_competition_reviews");

            migrationBuilder.DropTable(
                name: "reviews");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PaymentOrdersInstructionsReceivables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    group_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    offset_fen = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    payee_account = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instruction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    previous_instruction_ids = table.Column<string>(type: "jsonb", nullable: false),
                    reasons = table.Column<string>(type: "jsonb", nullable: false),
                    treasury_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    disbursed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "receivables",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    group_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    repaid_fen = table.Column<long>(type: "bigint", nullable: false),
                    offset_fen = table.Column<long>(type: "bigint", nullable: false),
                    written_off_fen = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    write_off_proposed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    write_off_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_receivables", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reconciliations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    matched = table.Column<int>(type: "integer", nullable: false),
                    differences = table.Column<string>(type: "jsonb", nullable: false),
                    by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reconciled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "treasury_instructions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    payment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payee_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    payee_account = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    previous_instruction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    treasury_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_treasury_instructions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_application_id",
                table: "payment_orders",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_instruction_id",
                table: "payment_orders",
                column: "instruction_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_organization_uscc",
                table: "payment_orders",
                column: "organization_uscc");

            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_status_id",
                table: "payment_orders",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_receivables_case_id",
                table: "receivables",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_receivables_organization_uscc",
                table: "receivables",
                column: "organization_uscc");

            migrationBuilder.CreateIndex(
                name: "ix_reconciliations_date",
                table: "reconciliations",
                column: "date");

            migrationBuilder.CreateIndex(
                name: "ix_treasury_instructions_payment_id",
                table: "treasury_instructions",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_treasury_instructions_settled_at",
                table: "treasury_instructions",
                column: "settled_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_orders");

            migrationBuilder.DropTable(
                name: "receivables");

            migrationBuilder.DropTable(
                name: "reconciliations");

            migrationBuilder.DropTable(
                name: "treasury_instructions");
        }
    }
}

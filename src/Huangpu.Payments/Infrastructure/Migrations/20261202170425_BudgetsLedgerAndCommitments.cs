using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Huangpu.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class BudgetsLedgerAndCommitments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    appropriation_fen = table.Column<long>(type: "bigint", nullable: false),
                    groups = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budgets", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "commitments",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    policy_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    group_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    released = table.Column<bool>(type: "boolean", nullable: false),
                    committed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commitments", x => x.application_id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    transaction_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    debit_fen = table.Column<long>(type: "bigint", nullable: false),
                    credit_fen = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    group_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    item_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    organization_uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    memo = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_application_id",
                table: "ledger_entries",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_year_account",
                table: "ledger_entries",
                columns: new[] { "year", "account" });

            // The ledger is append-only: a correction is a reversing posting, never an edit. Refused for every role.
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ledger_entries is append-only: post a reversing entry instead (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
                CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM PUBLIC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_no_truncate ON ledger_entries; DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries; DROP FUNCTION IF EXISTS ledger_entries_append_only();");
            migrationBuilder.DropTable(
                name: "budgets");

            migrationBuilder.DropTable(
                name: "commitments");

            migrationBuilder.DropTable(
                name: "ledger_entries");
        }
    }
}

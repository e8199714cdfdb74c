using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Compliance.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit trail is append-only for every role the service or anyone else connects as: an entry is
            // never edited or removed. (A superuser can still bypass triggers; the hash chain shows it.)
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM PUBLIC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries; DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries; DROP FUNCTION IF EXISTS audit_entries_append_only();");
        }
    }
}

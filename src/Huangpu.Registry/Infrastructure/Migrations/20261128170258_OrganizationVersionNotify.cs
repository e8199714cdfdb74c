using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Registry.Infrastructure.Migrations
{
    /// <summary>
    /// Every committed version change of an organisation, by any writer, is announced on the
    /// registry_organization_version channel ("uscc version"); PostgreSQL delivers it only on commit.
    /// </summary>
    public partial class OrganizationVersionNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION registry_notify_organization_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('registry_organization_version', NEW.uscc || ' ' || NEW.version);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER organizations_version_notify
                    AFTER INSERT OR UPDATE OF version ON organizations
                    FOR EACH ROW EXECUTE FUNCTION registry_notify_organization_version();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER organizations_version_notify ON organizations;
                DROP FUNCTION registry_notify_organization_version();
                """);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Registry.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrganizationLinkKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organization_link_keys",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    uscc = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_link_keys", x => new { x.uscc, x.key, x.role });
                    table.ForeignKey(
                        name: "fk_organization_link_keys_organizations_uscc",
                        column: x => x.uscc,
                        principalTable: "organizations",
                        principalColumn: "uscc",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_organization_link_keys_key",
                table: "organization_link_keys",
                column: "key");

            // The keys of the organisations already registered (each later change rederives them in code).
            migrationBuilder.Sql("""
                INSERT INTO organization_link_keys (uscc, key, role)
                SELECT DISTINCT uscc, key, role FROM (
                    SELECT uscc, 'org:' || uscc AS key, 'Self' AS role FROM organizations
                    UNION ALL
                    SELECT o.uscc, 'person:' || (o.legal_representative ->> 'idNumberHash'), 'LegalRepresentative' FROM organizations o
                    WHERE o.legal_representative ->> 'idNumberHash' IS NOT NULL
                    UNION ALL
                    SELECT o.uscc, 'org:' || (o.legal_representative ->> 'uscc'), 'LegalRepresentative' FROM organizations o
                    WHERE coalesce(o.legal_representative ->> 'uscc', '') <> ''
                    UNION ALL
                    SELECT o.uscc, 'person:' || (p ->> 'idNumberHash'), 'Shareholder' FROM organizations o, jsonb_array_elements(o.shareholders) p
                    WHERE p ->> 'idNumberHash' IS NOT NULL
                    UNION ALL
                    SELECT o.uscc, 'org:' || (p ->> 'uscc'), 'Shareholder' FROM organizations o, jsonb_array_elements(o.shareholders) p
                    WHERE coalesce(p ->> 'uscc', '') <> ''
                    UNION ALL
                    SELECT o.uscc, 'person:' || (p ->> 'idNumberHash'), 'SeniorManager' FROM organizations o, jsonb_array_elements(o.senior_managers) p
                    WHERE p ->> 'idNumberHash' IS NOT NULL
                    UNION ALL
                    SELECT o.uscc, 'org:' || (p ->> 'uscc'), 'SeniorManager' FROM organizations o, jsonb_array_elements(o.senior_managers) p
                    WHERE coalesce(p ->> 'uscc', '') <> ''
                    UNION ALL
                    SELECT uscc, 'address:' || lower(regexp_replace(registered_address, '\s', '', 'g')), 'RegisteredAddress' FROM organizations
                    WHERE regexp_replace(registered_address, '\s', '', 'g') <> ''
                ) keys;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organization_link_keys");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Registry.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ScrubPersonIdHashesFromHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The change history once kept each person's ID-number hash; it keeps only whether one is on file now.
            migrationBuilder.Sql("""
                UPDATE field_changes SET
                    old_value = regexp_replace(regexp_replace(old_value, '"idNumberHash":"[^"]*"', '"hasIdNumber":true', 'g'), '"idNumberHash":null', '"hasIdNumber":false', 'g'),
                    new_value = regexp_replace(regexp_replace(new_value, '"idNumberHash":"[^"]*"', '"hasIdNumber":true', 'g'), '"idNumberHash":null', '"hasIdNumber":false', 'g')
                WHERE field IN ('legalRepresentative', 'shareholders', 'seniorManagers');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The hashes are gone for good: nothing to restore.
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Applications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SnakeCaseNamesAndOutboxDeadLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_outbox_messages",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages");

            migrationBuilder.DropPrimaryKey(
                name: "PK_inbox_state",
                table: "inbox_state");

            migrationBuilder.DropPrimaryKey(
                name: "PK_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "PK_documents",
                table: "documents");

            migrationBuilder.DropPrimaryKey(
                name: "PK_city_awards",
                table: "city_awards");

            migrationBuilder.DropPrimaryKey(
                name: "PK_applications",
                table: "applications");

            migrationBuilder.RenameIndex(
                name: "IX_outbox_messages_message_id",
                table: "outbox_messages",
                newName: "ix_outbox_messages_message_id");

            migrationBuilder.RenameIndex(
                name: "IX_idempotency_records_created_at",
                table: "idempotency_records",
                newName: "ix_idempotency_records_created_at");

            migrationBuilder.RenameIndex(
                name: "IX_city_awards_organization_uscc",
                table: "city_awards",
                newName: "ix_city_awards_organization_uscc");

            migrationBuilder.RenameIndex(
                name: "IX_applications_status",
                table: "applications",
                newName: "ix_applications_status");

            migrationBuilder.RenameIndex(
                name: "IX_applications_organization_uscc_normalized_title",
                table: "applications",
                newName: "ix_applications_organization_uscc_normalized_title");

            migrationBuilder.RenameIndex(
                name: "IX_applications_documents",
                table: "applications",
                newName: "ix_applications_documents");

            migrationBuilder.RenameIndex(
                name: "IX_applications_city_award_record_id",
                table: "applications",
                newName: "ix_applications_city_award_record_id");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dead_lettered_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages",
                column: "sequence");

            migrationBuilder.AddPrimaryKey(
                name: "pk_inbox_state",
                table: "inbox_state",
                columns: new[] { "message_id", "consumer" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "scope", "key" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_documents",
                table: "documents",
                column: "sha256");

            migrationBuilder.AddPrimaryKey(
                name: "pk_city_awards",
                table: "city_awards",
                column: "source_record_id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_applications",
                table: "applications",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_dead_lettered",
                table: "outbox_messages",
                column: "dead_lettered_at",
                filter: "dead_lettered_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "sequence",
                filter: "sent_at IS NULL AND dead_lettered_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_outbox_messages",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_dead_lettered",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages");

            migrationBuilder.DropPrimaryKey(
                name: "pk_inbox_state",
                table: "inbox_state");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "pk_documents",
                table: "documents");

            migrationBuilder.DropPrimaryKey(
                name: "pk_city_awards",
                table: "city_awards");

            migrationBuilder.DropPrimaryKey(
                name: "pk_applications",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "dead_lettered_at",
                table: "outbox_messages");

            migrationBuilder.RenameIndex(
                name: "ix_outbox_messages_message_id",
                table: "outbox_messages",
                newName: "IX_outbox_messages_message_id");

            migrationBuilder.RenameIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records",
                newName: "IX_idempotency_records_created_at");

            migrationBuilder.RenameIndex(
                name: "ix_city_awards_organization_uscc",
                table: "city_awards",
                newName: "IX_city_awards_organization_uscc");

            migrationBuilder.RenameIndex(
                name: "ix_applications_status",
                table: "applications",
                newName: "IX_applications_status");

            migrationBuilder.RenameIndex(
                name: "ix_applications_organization_uscc_normalized_title",
                table: "applications",
                newName: "IX_applications_organization_uscc_normalized_title");

            migrationBuilder.RenameIndex(
                name: "ix_applications_documents",
                table: "applications",
                newName: "IX_applications_documents");

            migrationBuilder.RenameIndex(
                name: "ix_applications_city_award_record_id",
                table: "applications",
                newName: "IX_applications_city_award_record_id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_outbox_messages",
                table: "outbox_messages",
                column: "sequence");

            migrationBuilder.AddPrimaryKey(
                name: "PK_inbox_state",
                table: "inbox_state",
                columns: new[] { "message_id", "consumer" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "scope", "key" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_documents",
                table: "documents",
                column: "sha256");

            migrationBuilder.AddPrimaryKey(
                name: "PK_city_awards",
                table: "city_awards",
                column: "source_record_id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_applications",
                table: "applications",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "sequence",
                filter: "sent_at IS NULL");
        }
    }
}

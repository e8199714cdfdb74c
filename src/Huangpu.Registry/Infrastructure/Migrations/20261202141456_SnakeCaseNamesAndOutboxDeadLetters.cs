using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Huangpu.Registry.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SnakeCaseNamesAndOutboxDeadLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_field_changes_organizations_uscc",
                table: "field_changes");

            migrationBuilder.DropPrimaryKey(
                name: "PK_outbox_messages",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages");

            migrationBuilder.DropPrimaryKey(
                name: "PK_organizations",
                table: "organizations");

            migrationBuilder.DropPrimaryKey(
                name: "PK_inbox_state",
                table: "inbox_state");

            migrationBuilder.DropPrimaryKey(
                name: "PK_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "PK_field_changes",
                table: "field_changes");

            migrationBuilder.DropPrimaryKey(
                name: "PK_feed_receipts",
                table: "feed_receipts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_credit_records",
                table: "credit_records");

            migrationBuilder.RenameIndex(
                name: "IX_outbox_messages_message_id",
                table: "outbox_messages",
                newName: "ix_outbox_messages_message_id");

            migrationBuilder.RenameIndex(
                name: "IX_idempotency_records_created_at",
                table: "idempotency_records",
                newName: "ix_idempotency_records_created_at");

            migrationBuilder.RenameIndex(
                name: "IX_field_changes_uscc_id",
                table: "field_changes",
                newName: "ix_field_changes_uscc_id");

            migrationBuilder.RenameIndex(
                name: "IX_credit_records_uscc",
                table: "credit_records",
                newName: "ix_credit_records_uscc");

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
                name: "pk_organizations",
                table: "organizations",
                column: "uscc");

            migrationBuilder.AddPrimaryKey(
                name: "pk_inbox_state",
                table: "inbox_state",
                columns: new[] { "message_id", "consumer" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "scope", "key" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_field_changes",
                table: "field_changes",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_feed_receipts",
                table: "feed_receipts",
                columns: new[] { "bureau", "source_record_id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_credit_records",
                table: "credit_records",
                column: "source_record_id");

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

            migrationBuilder.AddForeignKey(
                name: "fk_field_changes_organizations_uscc",
                table: "field_changes",
                column: "uscc",
                principalTable: "organizations",
                principalColumn: "uscc",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_field_changes_organizations_uscc",
                table: "field_changes");

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
                name: "pk_organizations",
                table: "organizations");

            migrationBuilder.DropPrimaryKey(
                name: "pk_inbox_state",
                table: "inbox_state");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "pk_field_changes",
                table: "field_changes");

            migrationBuilder.DropPrimaryKey(
                name: "pk_feed_receipts",
                table: "feed_receipts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_credit_records",
                table: "credit_records");

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
                name: "ix_field_changes_uscc_id",
                table: "field_changes",
                newName: "IX_field_changes_uscc_id");

            migrationBuilder.RenameIndex(
                name: "ix_credit_records_uscc",
                table: "credit_records",
                newName: "IX_credit_records_uscc");

            migrationBuilder.AddPrimaryKey(
                name: "PK_outbox_messages",
                table: "outbox_messages",
                column: "sequence");

            migrationBuilder.AddPrimaryKey(
                name: "PK_organizations",
                table: "organizations",
                column: "uscc");

            migrationBuilder.AddPrimaryKey(
                name: "PK_inbox_state",
                table: "inbox_state",
                columns: new[] { "message_id", "consumer" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "scope", "key" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_field_changes",
                table: "field_changes",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_feed_receipts",
                table: "feed_receipts",
                columns: new[] { "bureau", "source_record_id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_credit_records",
                table: "credit_records",
                column: "source_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "sequence",
                filter: "sent_at IS NULL");

            migrationBuilder.AddForeignKey(
                name: "FK_field_changes_organizations_uscc",
                table: "field_changes",
                column: "uscc",
                principalTable: "organizations",
                principalColumn: "uscc",
                onDelete: ReferentialAction.Cascade);
        }
    }
}

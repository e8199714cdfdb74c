using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Registry;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Huangpu.Compliance.Tests;

/// <summary>
/// The stored trail against a real PostgreSQL: no role can edit or remove an entry; one who bypasses the
/// database's own guard (a superuser disabling triggers) is caught by verify, which names the first broken entry.
/// </summary>
public sealed class AuditStorageTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Database = "compliance_storage";

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Updating_deleting_or_truncating_the_trail_is_refused()
    {
        await AppendAsync(3);
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(Database));
        await connection.OpenAsync();
        foreach (var statement in new[] { "UPDATE audit_entries SET summary = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("alter")]
    [InlineData("delete")]
    [InlineData("reorder")]
    public async Task A_stored_row_altered_deleted_or_reordered_past_the_guard_makes_verify_name_the_first_broken_entry(string tampering)
    {
        var entries = await AppendAsync(5);
        var (second, third) = (entries[1].Sequence, entries[2].Sequence);
        await TamperAsync(tampering switch
        {
            "alter" => $"UPDATE audit_entries SET summary = summary || ' (amended)' WHERE sequence = {second}",
            "delete" => $"DELETE FROM audit_entries WHERE sequence = {second}",
            // The second and third entries swap everything but their place in the sequence.
            _ => $"""
                UPDATE audit_entries a SET summary = b.summary, data_json = b.data_json, hash = b.hash, previous_hash = b.previous_hash,
                    message_id = b.message_id, event_type = b.event_type, subjects = b.subjects, occurred_at = b.occurred_at, recorded_at = b.recorded_at
                FROM (SELECT * FROM audit_entries WHERE sequence IN ({second}, {third})) b
                WHERE a.sequence IN ({second}, {third}) AND b.sequence <> a.sequence
                """,
        });

        await using var db = Db();
        var (intact, _, firstBroken) = await new AuditTrail(db, TimeProvider.System).VerifyAsync(CancellationToken.None);
        Assert.False(intact);
        Assert.Equal(tampering == "delete" ? third : second, firstBroken);
        await TamperAsync("TRUNCATE audit_entries"); // the next case starts from an intact, empty trail
    }

    private async Task TamperAsync(string sql)
    {
        // As the superuser, with the triggers off for the session: what only someone bypassing the database's guard could do.
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}; SET session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<AuditEntry>> AppendAsync(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, count).Select(_ => (Guid.CreateVersion7(), (IntegrationEvent)new OrganizationRegistered
        {
            OccurredAt = now,
            Actor = "officer-1",
            ActorRole = "case_officer",
            Uscc = TestCodes.NewUscc(),
            Name = "上海某某人力资源有限公司",
            LegalForm = "LEGAL_FORM_LEGAL_ENTITY",
            RegisteredDistrictCode = "310101",
            Version = 1,
        })).ToList();
        await using var db = Db();
        var trail = new AuditTrail(db, TimeProvider.System);
        await db.ApplyOnceAsync(events, "AuditConsumer", now, (fresh, ct) => trail.AppendAllAsync(fresh, ct), CancellationToken.None);
        var ids = events.Select(e => e.Item1).ToList();
        return await db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.MessageId)).OrderBy(e => e.Sequence).ToListAsync();
    }

    private ComplianceDbContext Db() =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql(postgres.ConnectionStringFor(Database)).Options);
}

using System.Diagnostics;
using System.Globalization;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Registry;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The audit trail on a throwaway PostgreSQL 15: chained appends (the consumer's batches: inbox claim, the chain's
/// lock, the last hash, hashing, insert) beside plain inserts of the same rows through the same EF Core model into
/// a table without the chain, in the same run; then verify over a trail of many entries.
/// </summary>
internal static class AuditBench
{
    private const int Batch = 100;

    public static async Task<int> RunAsync(int events, int verifyEntries, int rounds)
    {
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        try
        {
            var chained = postgres.ConnectionStringFor("bench_chained");
            var plain = postgres.ConnectionStringFor("bench_plain");
            await using (var db = Db(chained))
            {
                await db.Database.MigrateAsync();
            }

            await using (var db = Db(plain))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_append_only ON audit_entries; DROP TRIGGER audit_entries_no_truncate ON audit_entries");
            }

            var plainRates = new List<double>();
            var chainedRates = new List<double>();
            for (var round = -1; round < rounds; round++)
            {
                // Round -1 warms up (JIT, plans) and is not reported.
                var count = round < 0 ? 2_000 : events;
                plainRates.Add(await PlainAsync(plain, Events(count)));
                chainedRates.Add(await ChainedAsync(chained, Events(count)));
            }

            plainRates.RemoveAt(0);
            chainedRates.RemoveAt(0);
            var verify = await VerifyAsync(postgres.ConnectionStringFor("bench_verify"), verifyEntries);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} events per round, batches of {Batch}, {rounds} rounds (events/s):"));
            for (var i = 0; i < rounds; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {i + 1}: plain inserts {plainRates[i]:F0}, chained appends {chainedRates[i]:F0}, ratio {chainedRates[i] / plainRates[i]:F2}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify over {verifyEntries} entries: {verify.TotalSeconds:F1} s ({verifyEntries / verify.TotalSeconds:F0} entries/s)"));
            return 0;
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static List<(Guid, IntegrationEvent)> Events(int count)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(i => (Guid.CreateVersion7(), (IntegrationEvent)new OrganizationRegistered
        {
            OccurredAt = now,
            Actor = "officer-1",
            ActorRole = "case_officer",
            Uscc = BenchData.Uscc(i),
            Name = "上海某某人力资源有限公司",
            LegalForm = "LEGAL_FORM_LEGAL_ENTITY",
            RegisteredDistrictCode = "310101",
            Version = 1,
        }))];
    }

    /// <summary>The consumer's work, batch by batch, in one writer (its concurrency is one).</summary>
    private static async Task<double> ChainedAsync(string connectionString, List<(Guid, IntegrationEvent)> events)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in events.Chunk(Batch))
        {
            await using var db = Db(connectionString);
            var trail = new AuditTrail(db, TimeProvider.System);
            await db.ApplyOnceAsync(batch, "AuditConsumer", DateTimeOffset.UtcNow, (fresh, ct) => trail.AppendAllAsync(fresh, ct), CancellationToken.None);
        }

        return events.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The same rows (hash fields filled but not chained) through the same model, one transaction per batch.</summary>
    private static async Task<double> PlainAsync(string connectionString, List<(Guid, IntegrationEvent)> events)
    {
        var rows = events.Select(e => new AuditEntry
        {
            Subjects = [.. e.Item2.AuditSubjects],
            EventType = e.Item2.GetType().Name,
            MessageId = e.Item1,
            Actor = e.Item2.Actor,
            ActorRole = e.Item2.ActorRole,
            Summary = e.Item2.Summary,
            DataJson = System.Text.Json.JsonSerializer.Serialize(e.Item2, e.Item2.GetType()),
            OccurredAt = e.Item2.OccurredAt,
            RecordedAt = DateTimeOffset.UtcNow,
            PreviousHash = string.Empty,
            Hash = string.Empty,
        }).ToList();
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in rows.Chunk(Batch))
        {
            await using var db = Db(connectionString);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AuditEntries.AddRange(batch);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        return events.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Builds a valid chain of <paramref name="entries"/> with COPY, then times the service's own verify.</summary>
    private static async Task<TimeSpan> VerifyAsync(string connectionString, int entries)
    {
        await using (var db = Db(connectionString))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY audit_entries (subjects, event_type, message_id, actor, actor_role, summary, data_json, occurred_at, recorded_at, previous_hash, hash, hash_version) FROM STDIN (FORMAT BINARY)");
            var previous = AuditEntry.GenesisHash;
            var now = AuditEntry.ToStoredPrecision(DateTimeOffset.UtcNow);
            var i = 0;
            foreach (var (messageId, e) in Events(entries))
            {
                var entry = new AuditEntry
                {
                    Subjects = [.. e.AuditSubjects],
                    EventType = e.GetType().Name,
                    MessageId = messageId,
                    Actor = e.Actor,
                    ActorRole = e.ActorRole,
                    Summary = e.Summary,
                    DataJson = System.Text.Json.JsonSerializer.Serialize(e, e.GetType()),
                    OccurredAt = AuditEntry.ToStoredPrecision(e.OccurredAt),
                    RecordedAt = now,
                    PreviousHash = previous,
                    Hash = string.Empty,
                };
                entry.Hash = entry.ComputeHash();
                previous = entry.Hash;
                await copy.StartRowAsync();
                await copy.WriteAsync(entry.Subjects.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync(entry.EventType);
                await copy.WriteAsync(entry.MessageId);
                await copy.WriteAsync(entry.Actor);
                await copy.WriteAsync(entry.ActorRole);
                await copy.WriteAsync(entry.Summary);
                await copy.WriteAsync(entry.DataJson);
                await copy.WriteAsync(entry.OccurredAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(entry.RecordedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(entry.PreviousHash);
                await copy.WriteAsync(entry.Hash);
                await copy.WriteAsync(entry.HashVersion, NpgsqlDbType.Smallint);
                i++;
            }

            await copy.CompleteAsync();
        }

        await using (var db = Db(connectionString))
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE audit_entries");
            var started = Stopwatch.GetTimestamp();
            var (intact, count, _) = await new AuditTrail(db, TimeProvider.System).VerifyAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!intact || count != entries)
            {
                throw new InvalidOperationException($"The generated trail did not verify ({count} entries, intact {intact}).");
            }

            return elapsed;
        }
    }

    private static ComplianceDbContext Db(string connectionString) =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql(connectionString).Options);
}

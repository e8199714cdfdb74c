using System.Text.Encodings.Web;
using System.Text.Json;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Domain;

/// <summary>Appends integration events to the hash-chained trail and verifies the chain.</summary>
public sealed class AuditTrail(ComplianceDbContext db, TimeProvider clock)
{
    /// <summary>Serialises appends: each entry must see the hash of the one before it.</summary>
    private const long ChainLockId = 0x4855_4150_5541_5544; // "HUAPUAUD"

    // Chinese stays readable in the stored JSON; the field is data, never HTML.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Stages one entry per event, in order, extending the chain once: one lock and one read of the last hash
    /// for the whole batch. Must run inside the caller's transaction (the lock lasts until it ends).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> AppendAllAsync(IReadOnlyList<(Guid MessageId, IntegrationEvent Event)> events, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockId})", cancellationToken);
        var previous = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.Hash)
            .FirstOrDefaultAsync(cancellationToken) ?? AuditEntry.GenesisHash;
        var now = AuditEntry.ToStoredPrecision(clock.GetUtcNow());
        var entries = new List<AuditEntry>(events.Count);
        foreach (var (messageId, integrationEvent) in events)
        {
            var entry = new AuditEntry
            {
                Subjects = [.. integrationEvent.AuditSubjects],
                EventType = integrationEvent.GetType().Name,
                MessageId = messageId,
                Actor = integrationEvent.Actor,
                ActorRole = integrationEvent.ActorRole,
                Summary = integrationEvent.Summary,
                DataJson = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonOptions),
                OccurredAt = AuditEntry.ToStoredPrecision(integrationEvent.OccurredAt),
                RecordedAt = now,
                PreviousHash = previous,
                Hash = string.Empty,
            };
            entry.Hash = entry.ComputeHash();
            previous = entry.Hash;
            db.AuditEntries.Add(entry);
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Recomputes every hash in order; answers the first entry that does not match.</summary>
    public async Task<(bool Intact, long Entries, long FirstBroken)> VerifyAsync(CancellationToken cancellationToken)
    {
        var previous = AuditEntry.GenesisHash;
        long count = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.PreviousHash != previous || entry.ComputeHash() != entry.Hash)
            {
                return (false, count, entry.Sequence);
            }

            previous = entry.Hash;
        }

        return (true, count, 0);
    }
}

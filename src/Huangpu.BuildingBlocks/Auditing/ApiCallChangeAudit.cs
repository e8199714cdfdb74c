using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Contracts.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Huangpu.BuildingBlocks.Auditing;

/// <summary>
/// Audits every state-changing API call where its change is saved: a save made for an <see cref="ApiCall"/> that
/// changes any of the service's own rows stages one <see cref="ApiCallRecorded"/> in the same save, so the
/// call's record commits (or rolls back) with its change. Consumers and jobs run outside a call; their events
/// are audited as events.
/// </summary>
public sealed class ApiCallChangeAudit : SaveChangesInterceptor
{
    /// <summary>Properties whose value names what a row is about, as audit subjects.</summary>
    private static readonly string[] SubjectProperties = ["ApplicationId", "OrganizationUscc", "Uscc"];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stage(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stage(eventData.Context);
        return result;
    }

    private static void Stage(DbContext? context)
    {
        if (ApiCall.Current is not { } call || context is not PlatformDbContext db)
        {
            return;
        }

        // Entries() detects the changes first.
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !IsPlatformRow(e.Entity))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var subjects = new List<string>(call.RequestSubjects);

        foreach (var entry in changed)
        {
            subjects.AddRange(SubjectProperties
                .Select(name => entry.Metadata.FindProperty(name))
                .OfType<Microsoft.EntityFrameworkCore.Metadata.IProperty>()
                .Select(p => entry.Property(p.Name).CurrentValue?.ToString() ?? string.Empty));
        }

        db.AddIntegrationEvent(new ApiCallRecorded
        {
            Service = call.Service,
            Method = call.Method,
            Subjects = [.. subjects.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Take(50)],
            Request = call.Request is { } message ? PersonalDataMask.ToAuditJson(message) : "{}",
            Changes = [.. changed.Select(Describe)],
            OccurredAt = call.At,
            Actor = call.Actor,
            ActorRole = call.ActorRole,
        });
    }

    /// <summary>A subject as the trail files it: an application id in its canonical form, a USCC trimmed and upper-cased.</summary>
    private static bool IsPlatformRow(object entity) => entity is OutboxMessage or InboxState or IdempotencyRecord;

    /// <summary>"Application 0192… Modified: Status, Version" — column names, never values (they may be personal).</summary>
    private static string Describe(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey() is { } primaryKey
            ? string.Join('/', primaryKey.Properties.Select(p => entry.Property(p.Name) is { IsTemporary: true } ? "new" : entry.Property(p.Name).CurrentValue?.ToString()))
            : "-";
        var line = $"{entry.Metadata.ClrType.Name} {key} {entry.State}";
        return entry.State == EntityState.Modified
            ? $"{line}: {string.Join(", ", entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))}"
            : line;
    }
}

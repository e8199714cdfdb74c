using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Registry;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Registry.Feeds;

public enum FeedOutcome
{
    Applied = 1,
    Unchanged = 2,
    DuplicateInBatch = 3,
    Invalid = 4,
}

/// <summary>One item of a partner feed after validation: the value, or the problems that make it invalid.</summary>
public sealed record FeedItem<T>(int Index, string SourceRecordId, string Uscc, T? Value, IReadOnlyList<FieldProblem> Problems, byte[] ContentHash)
    where T : class;

public sealed record FeedItemResult(int Index, string SourceRecordId, string Uscc, FeedOutcome Outcome, IReadOnlyList<string> Problems);

/// <summary>A validated registration record of the market-supervision feed.</summary>
public sealed record RegistrationData(OrganizationPatch Patch, IReadOnlyList<string> Warnings);

/// <summary>
/// Applies partner feeds item by item: each item is idempotent on its source record id, answered on its own,
/// and an invalid item is skipped whole. Everything a batch changes is staged on the context; the caller
/// commits it in one transaction with the events.
/// </summary>
public sealed class FeedProcessor(RegistryDbContext db)
{
    public async Task<IReadOnlyList<FeedItemResult>> StageRegistrationRecordsAsync(
        IReadOnlyList<FeedItem<RegistrationData>> items, string bureau, Provenance by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (results, valid) = FirstOccurrences(items);
        var ids = valid.Select(i => i.SourceRecordId).ToList();
        var receipts = await db.FeedReceipts.Where(r => r.Bureau == bureau && ids.Contains(r.SourceRecordId))
            .ToDictionaryAsync(r => r.SourceRecordId, StringComparer.Ordinal, cancellationToken);
        var organizations = await LoadOrganizationsAsync(valid.Select(i => i.Uscc), cancellationToken);

        foreach (var item in valid)
        {
            if (receipts.TryGetValue(item.SourceRecordId, out var receipt) && receipt.ContentHash.AsSpan().SequenceEqual(item.ContentHash))
            {
                results[item.Index] = Result(item, FeedOutcome.Unchanged);
                continue;
            }

            var itemBy = by with { SourceRecordId = item.SourceRecordId };
            var outcome = FeedOutcome.Unchanged;
            if (organizations.TryGetValue(item.Uscc, out var organization))
            {
                var changed = organization.Apply(item.Value!.Patch, itemBy, now);
                if (changed.Count > 0)
                {
                    outcome = FeedOutcome.Applied;
                    db.AddIntegrationEvent(new OrganizationChanged
                    {
                        Uscc = item.Uscc,
                        ChangedFields = changed,
                        SourceRecordId = item.SourceRecordId,
                        Version = organization.Version,
                        OccurredAt = now,
                        Actor = by.Actor,
                        ActorRole = by.ActorRole,
                    });
                }
            }
            else
            {
                // An unknown USCC from market supervision creates the organisation, partner-sourced.
                organization = Organization.Register(item.Uscc, item.Value!.Patch, itemBy, item.Value.Warnings, now);
                db.Organizations.Add(organization);
                organizations[item.Uscc] = organization;
                outcome = FeedOutcome.Applied;
                db.AddIntegrationEvent(RegistryEvents.Registered(organization, now, by));
            }

            if (receipt is null)
            {
                receipt = new FeedReceipt { Bureau = bureau, SourceRecordId = item.SourceRecordId, ContentHash = item.ContentHash, Uscc = item.Uscc, AppliedAt = now };
                db.FeedReceipts.Add(receipt);
                receipts[item.SourceRecordId] = receipt;
            }
            else
            {
                receipt.ContentHash = item.ContentHash;
                receipt.AppliedAt = now;
            }

            results[item.Index] = Result(item, outcome);
        }

        return results;
    }

    public async Task<IReadOnlyList<FeedItemResult>> StageCreditRecordsAsync(
        IReadOnlyList<FeedItem<CreditRecord>> items, Provenance by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (results, valid) = FirstOccurrences(items);
        var ids = valid.Select(i => i.SourceRecordId).ToList();
        var existing = await db.CreditRecords.Where(c => ids.Contains(c.SourceRecordId))
            .ToDictionaryAsync(c => c.SourceRecordId, StringComparer.Ordinal, cancellationToken);
        var organizations = await LoadOrganizationsAsync(valid.Select(i => i.Uscc), cancellationToken);

        foreach (var item in valid)
        {
            var incoming = item.Value!;
            string? previous = null;
            if (existing.TryGetValue(item.SourceRecordId, out var record))
            {
                if (record.Uscc != incoming.Uscc)
                {
                    results[item.Index] = Result(item, FeedOutcome.Invalid, [$"sourceRecordId: record {item.SourceRecordId} belongs to {record.Uscc}, not {incoming.Uscc}"]);
                    continue;
                }

                if (record.Kind == incoming.Kind && record.ListedOn == incoming.ListedOn && record.RemovedOn == incoming.RemovedOn
                    && record.Authority == incoming.Authority && record.DocumentNumber == incoming.DocumentNumber)
                {
                    results[item.Index] = Result(item, FeedOutcome.Unchanged);
                    continue;
                }

                previous = $"{record.Kind} {record.ListedOn:yyyy-MM-dd}..{record.RemovedOn:yyyy-MM-dd}";
                record.Kind = incoming.Kind;
                record.ListedOn = incoming.ListedOn;
                record.RemovedOn = incoming.RemovedOn;
                record.Authority = incoming.Authority;
                record.DocumentNumber = incoming.DocumentNumber;
                record.ReceivedAt = now;
            }
            else
            {
                record = incoming;
                record.ReceivedAt = now;
                db.CreditRecords.Add(record);
                existing[item.SourceRecordId] = record;
            }

            var registered = organizations.TryGetValue(item.Uscc, out var organization);
            organization?.RecordCreditChange(record, previous, by with { SourceRecordId = item.SourceRecordId }, now);
            db.AddIntegrationEvent(new CreditStatusChanged
            {
                Uscc = record.Uscc,
                SourceRecordId = record.SourceRecordId,
                Kind = record.Kind.ToString(),
                ListedOn = record.ListedOn,
                RemovedOn = record.RemovedOn,
                OrganizationRegistered = registered,
                OccurredAt = now,
                Actor = by.Actor,
                ActorRole = by.ActorRole,
            });
            results[item.Index] = Result(item, FeedOutcome.Applied);
        }

        return results;
    }

    private async Task<Dictionary<string, Organization>> LoadOrganizationsAsync(IEnumerable<string> usccs, CancellationToken cancellationToken)
    {
        var keys = usccs.Distinct(StringComparer.Ordinal).ToList();
        return await db.Organizations.Where(o => keys.Contains(o.Uscc)).ToDictionaryAsync(o => o.Uscc, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Invalid items and repeats of an earlier source record id are answered at once; the rest go on.</summary>
    private static (FeedItemResult[] Results, List<FeedItem<T>> Valid) FirstOccurrences<T>(IReadOnlyList<FeedItem<T>> items)
        where T : class
    {
        var results = new FeedItemResult[items.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<FeedItem<T>>();
        foreach (var item in items)
        {
            if (item.Problems.Count > 0 || item.Value is null)
            {
                results[item.Index] = Result(item, FeedOutcome.Invalid, [.. item.Problems.Select(p => $"{p.Field}: {p.English} / {p.Chinese}")]);
            }
            else if (!seen.Add(item.SourceRecordId))
            {
                results[item.Index] = Result(item, FeedOutcome.DuplicateInBatch);
            }
            else
            {
                valid.Add(item);
            }
        }

        return (results, valid);
    }

    private static FeedItemResult Result<T>(FeedItem<T> item, FeedOutcome outcome, IReadOnlyList<string>? problems = null)
        where T : class => new(item.Index, item.SourceRecordId, item.Uscc, outcome, problems ?? []);
}

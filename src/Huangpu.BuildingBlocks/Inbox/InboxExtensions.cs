using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Inbox;

public static class InboxExtensions
{
    /// <summary>
    /// Applies <paramref name="effect"/> once per (message, consumer): the inbox row and the effect commit
    /// together, so a redelivered or re-published message changes nothing. Concurrent duplicates wait on
    /// the inbox key and then find it taken. Returns false when the message had already been applied.
    /// </summary>
    public static async Task<bool> ApplyOnceAsync(
        this PlatformDbContext db,
        Guid messageId,
        string consumer,
        DateTimeOffset receivedAt,
        Func<CancellationToken, Task> effect,
        CancellationToken cancellationToken) =>
        await db.ApplyOnceAsync(new[] { (MessageId: messageId, Item: true) }, consumer, receivedAt, (_, ct) => effect(ct), cancellationToken) == 1;

    /// <summary>
    /// The batch form of the single-message ApplyOnceAsync: claims every message of the batch in one statement and
    /// applies <paramref name="effect"/> to the ones not applied before, in their order, in one transaction.
    /// Returns how many were new.
    /// </summary>
    public static async Task<int> ApplyOnceAsync<T>(
        this PlatformDbContext db,
        IReadOnlyList<(Guid MessageId, T Item)> messages,
        string consumer,
        DateTimeOffset receivedAt,
        Func<IReadOnlyList<(Guid MessageId, T Item)>, CancellationToken, Task> effect,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = messages.Select(m => m.MessageId).ToArray();
        var claimed = (await db.Database.SqlQuery<Guid>(
                $"INSERT INTO inbox_state (message_id, consumer, received_at) SELECT DISTINCT unnest({ids}), {consumer}, {receivedAt} ON CONFLICT DO NOTHING RETURNING message_id AS \"Value\"")
            .ToListAsync(cancellationToken)).ToHashSet();
        if (claimed.Count == 0)
        {
            return 0;
        }

        var fresh = messages.Where(m => claimed.Remove(m.MessageId)).ToList();
        await effect(fresh, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }
}

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
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_state (message_id, consumer, received_at) VALUES ({messageId}, {consumer}, {receivedAt}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        await effect(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>
/// A lock on a name, across every replica sharing the database: PostgreSQL's advisory lock on the name's hash,
/// held until the current transaction ends. Outside a transaction it would be released at once, so it refuses.
/// </summary>
public static class NamedLocks
{
    public static async Task LockAsync(this DatabaseFacade database, string name, CancellationToken cancellationToken)
    {
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"The lock '{name}' is held by a transaction; begin one first.");
        }

        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({name}, 0))", cancellationToken);
    }
}

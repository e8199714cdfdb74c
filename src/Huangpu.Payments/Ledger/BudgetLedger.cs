using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Payments.Ledger;

/// <summary>
/// Reads a year's use of its budget from the ledger and serialises the writes that change it: every budget
/// change and commitment of a year takes the year's transaction-scoped lock first, so two approvals cannot both
/// spend the last of it. Moves that leave what is available unchanged lock only their award.
/// </summary>
public sealed class BudgetLedger(PaymentsDbContext db)
{
    public Task LockYearAsync(int year, CancellationToken cancellationToken) => db.Database.LockAsync($"payments.budget:{year}", cancellationToken);

    /// <summary>
    /// Serialises the writes of these awards (their obligations and orders) without holding up any other: one
    /// round trip, the locks taken in one order so two batches never wait on each other in a cycle.
    /// </summary>
    public async Task LockAwardsAsync(IReadOnlyCollection<Guid> applicationIds, CancellationToken cancellationToken)
    {
        RequireTransaction();
        var keys = applicationIds.Select(id => $"payments.award:{id}").Order(StringComparer.Ordinal).ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT unnest({keys}) AS k ORDER BY 1) AS awards", cancellationToken);
    }

    public async Task<BudgetUse> UseAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Year == year && e.Account != LedgerAccount.Appropriation)
            .GroupBy(e => new { e.Account, e.GroupCode })
            .Select(g => new { g.Key.Account, g.Key.GroupCode, Balance = g.Sum(e => e.CreditFen - e.DebitFen) })
            .ToListAsync(cancellationToken);
        long Total(LedgerAccount account) => rows.Where(r => r.Account == account).Sum(r => r.Balance);
        var spentByGroup = rows
            .Where(r => r.Account is LedgerAccount.Committed or LedgerAccount.Obligated or LedgerAccount.Disbursed && r.GroupCode.Length > 0)
            .GroupBy(r => r.GroupCode)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Balance), StringComparer.Ordinal);
        return new BudgetUse(Total(LedgerAccount.Available), Total(LedgerAccount.Committed), Total(LedgerAccount.Obligated), Total(LedgerAccount.Disbursed), spentByGroup);
    }

    private void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The lock is transaction-scoped: take it inside the write's transaction.");
        }
    }

    public void Post(IEnumerable<LedgerEntry> entries) => db.LedgerEntries.AddRange(entries);
}

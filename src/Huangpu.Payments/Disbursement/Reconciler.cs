using Huangpu.BuildingBlocks;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Contracts.Payments;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Payments.Disbursement;

/// <summary>
/// Matches what the ledger disbursed on a date (each settled instruction, by the treasury's settlement time in
/// Asia/Shanghai) with the treasury's statement of that date. Every difference is kept with the run and raised
/// to Compliance once (<see cref="ReconciliationDifferenceFound"/>): a later run of the same date raises only
/// what is new.
/// </summary>
public sealed class Reconciler(PaymentsDbContext db, ITreasury treasury, PolicyCalendar calendar)
{
    /// <summary>
    /// A run of <paramref name="date"/> in the caller's transaction, which the caller saves. Throws
    /// <see cref="TreasuryUnavailableException"/> when the statement cannot be read: nothing is recorded.
    /// </summary>
    public async Task<Reconciliation> ReconcileAsync(DateOnly date, PaymentActor by, CancellationToken cancellationToken)
    {
        await db.Database.LockAsync(LockName(date), cancellationToken);
        return await MatchAsync(date, by, cancellationToken);
    }

    /// <summary>
    /// The daily run of <paramref name="date"/> unless the system has reconciled it already (on any replica): the run
    /// this call made, or null. Differences are raised with the run, in one transaction.
    /// </summary>
    public async Task<Reconciliation?> ReconcileOnceAsync(DateOnly date, CancellationToken cancellationToken)
    {
        // In the caller's transaction when there is one, else in one of its own.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.Database.LockAsync(LockName(date), cancellationToken);
        if (await db.Reconciliations.AnyAsync(r => r.Date == date && r.By == PaymentActor.System.Name, cancellationToken))
        {
            return null;
        }

        var run = await MatchAsync(date, PaymentActor.System, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return run;
    }

    /// <summary>
    /// One run of a date at a time, across every replica (held until the transaction ends): a second run of the date
    /// waits, then finds the first one's differences already raised.
    /// </summary>
    private static string LockName(DateOnly date) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"payments.reconciliation:{date:yyyy-MM-dd}");

    private async Task<Reconciliation> MatchAsync(DateOnly date, PaymentActor by, CancellationToken cancellationToken)
    {
        var statement = await treasury.StatementAsync(date, cancellationToken);
        var from = calendar.StartOf(date).ToUniversalTime();
        var to = calendar.StartOf(date.AddDays(1)).ToUniversalTime();
        var settled = await db.TreasuryInstructions.AsNoTracking()
            .Where(i => i.Outcome == TreasuryOutcome.Settled && i.SettledAt >= from && i.SettledAt < to)
            .Select(i => new { i.Id, i.AmountFen, i.PaymentId })
            .ToListAsync(cancellationToken);
        var now = calendar.Now();
        var run = Reconciliation.Match(
            date,
            [.. settled.Select(i => (new SettledLine(i.Id, i.AmountFen), i.PaymentId))],
            [.. statement.Select(a => new SettledLine(a.InstructionId, a.AmountFen))],
            by.Name,
            now);

        var earlier = (await db.Reconciliations.AsNoTracking().Where(r => r.Date == date).Select(r => r.Differences).ToListAsync(cancellationToken))
            .SelectMany(d => d)
            .Select(d => (d.Kind, d.InstructionId))
            .ToHashSet();
        var fresh = run.Differences.Where(d => !earlier.Contains((d.Kind, d.InstructionId))).ToList();
        var instructionIds = fresh.Select(d => d.InstructionId).ToList();
        var orders = await db.TreasuryInstructions.AsNoTracking()
            .Where(i => instructionIds.Contains(i.Id))
            .Join(db.PaymentOrders.AsNoTracking(), i => i.PaymentId, o => o.Id, (i, o) => new { i.Id, o.ApplicationId, PaymentId = o.Id, o.OrganizationUscc })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        var payees = statement.ToDictionary(a => a.InstructionId, a => a.PayeeUscc);
        foreach (var difference in fresh)
        {
            var order = orders.GetValueOrDefault(difference.InstructionId);
            db.AddIntegrationEvent(new ReconciliationDifferenceFound
            {
                ReconciliationId = run.Id,
                Date = date,
                Kind = ContractNames.Of(difference.Kind),
                InstructionId = difference.InstructionId,
                PaymentId = order?.PaymentId,
                ApplicationId = order?.ApplicationId,
                OrganizationUscc = order?.OrganizationUscc ?? payees.GetValueOrDefault(difference.InstructionId) ?? string.Empty,
                LedgerFen = difference.LedgerFen,
                TreasuryFen = difference.TreasuryFen,
                OccurredAt = now,
                Actor = by.Name,
                ActorRole = by.Role,
            });
        }

        db.Reconciliations.Add(run);
        return run;
    }
}

public sealed class ReconciliationOptions
{
    /// <summary>How often the daily job checks that yesterday (Asia/Shanghai) is reconciled.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The daily reconciliation: once a day is over (Asia/Shanghai), it is matched with the treasury's statement.</summary>
public sealed partial class ReconciliationJob(IServiceScopeFactory scopes, PolicyCalendar calendar, Microsoft.Extensions.Options.IOptions<ReconciliationOptions> options, ILogger<ReconciliationJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var yesterday = calendar.Today().AddDays(-1);
                if (await scope.ServiceProvider.GetRequiredService<Reconciler>().ReconcileOnceAsync(yesterday, stoppingToken) is { } run)
                {
                    LogReconciled(logger, yesterday, run.Matched, run.Differences.Count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await Task.Delay(options.Value.CheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Date}: {Matched} matched, {Differences} differences")]
    private static partial void LogReconciled(ILogger logger, DateOnly date, int matched, int differences);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily reconciliation failed; it is tried again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}

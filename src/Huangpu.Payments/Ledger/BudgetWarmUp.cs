using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Payments.Ledger;

/// <summary>
/// Readiness waits for the budget reads' first costs (the model built, the queries compiled and run once, for a
/// year no budget has): Applications asks for the budget within a deadline of a few seconds.
/// </summary>
internal sealed class BudgetWarmUp(IServiceScopeFactory scopes) : IStartupWarmUp
{
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        const int NoYear = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Year == NoYear, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<BudgetLedger>().UseAsync(NoYear, cancellationToken);
    }
}

using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Huangpu.ExpertReview.Panels;

public sealed class PendingPanelOptions
{
    /// <summary>How often reviews still waiting for a panel are drawn again (experts join, the Registry comes back).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Draws again, on a timer, every review still waiting for its panel; each in a transaction of its own.</summary>
public sealed partial class PendingPanelJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PendingPanelOptions> options, ILogger<PendingPanelJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    /// <summary>Returns how many reviews got their panel.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, string Uscc)> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ExpertReviewDbContext>();
            pending = [.. (await db.Reviews.AsNoTracking().Where(r => r.Status == ReviewStatus.PanelPending).Select(r => new { r.ApplicationId, r.OrganizationUscc }).ToListAsync(cancellationToken))
                .Select(r => (r.ApplicationId, r.OrganizationUscc))];
        }

        var drawn = 0;
        foreach (var (id, uscc) in pending)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ExpertReviewDbContext>();
            var panels = scope.ServiceProvider.GetRequiredService<PanelService>();
            var links = await panels.LinksAsync(uscc, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Another replica drawing this panel holds its row: leave it to that one.
            var mine = await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM reviews WHERE application_id = {id} FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
            if (mine.Count == 0)
            {
                continue;
            }

            var review = await db.Reviews.SingleAsync(r => r.ApplicationId == id, cancellationToken);
            if (review.Status != ReviewStatus.PanelPending)
            {
                continue;
            }

            await panels.DrawAsync(review, links, seed: null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            drawn += review.Status == ReviewStatus.Scoring ? 1 : 0;
        }

        return drawn;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Drawing the pending panels failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

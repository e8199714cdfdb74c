using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Review;
using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Huangpu.ExpertReview.Panels;

/// <summary>
/// Draws a review's panel from the current pool and the applicant's links, and stages what happened in the
/// outbox: <see cref="PanelDrawn"/>, or <see cref="PanelPending"/> with the reason. The links are read before the
/// transaction, so no lock waits on the Registry.
/// </summary>
public sealed partial class PanelService(ExpertReviewDbContext db, IRegistryLinks registry, PolicyCalendar calendar, IOptionsMonitor<PanelOptions> options, ILogger<PanelService> logger)
{
    /// <summary>The applicant's links, or null when the Registry cannot be asked now (the review waits and is retried).</summary>
    public async Task<IReadOnlyList<ApplicantLink>?> LinksAsync(string uscc, CancellationToken cancellationToken)
    {
        try
        {
            return await registry.LinksOfAsync(uscc, cancellationToken);
        }
        catch (global::Grpc.Core.RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRegistryUnavailable(logger, uscc, ex.StatusCode);
            return null;
        }
    }

    /// <summary>Draws (or records why it cannot yet) on a tracked review in PANEL_PENDING; the caller saves.</summary>
    public async Task DrawAsync(Domain.Review review, IReadOnlyList<ApplicantLink>? links, string? seed, CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        if (links is null)
        {
            const string Reason = "the Registry could not be asked for the applicant's links; retried shortly / 暂时无法向主体登记服务查询关联关系，稍后自动重试";
            if (review.PendingReason != Reason)
            {
                review.Wait(Reason);
                Stage(review, now);
            }

            return;
        }

        var pool = await db.Experts.AsNoTracking().Where(e => e.Available).ToListAsync(cancellationToken);
        var previous = review.PendingReason;
        // Each attempt its own seed (or the one given); the review keeps the seed of the draw that made its panel.
        var used = seed ?? PanelDraw.NewSeed();
        var draw = PanelDraw.Draw(pool, review.OrganizationUscc, links, used, options.CurrentValue);
        review.ApplyDraw(draw, used, now);
        if (draw.Drawn || review.PendingReason != previous)
        {
            Stage(review, now);
        }
    }

    private void Stage(Domain.Review review, DateTimeOffset now)
    {
        if (review.Status == ReviewStatus.Scoring)
        {
            db.AddIntegrationEvent(new PanelDrawn
            {
                ApplicationId = review.ApplicationId,
                OrganizationUscc = review.OrganizationUscc,
                Seed = review.Seed!,
                ExpertIds = [.. review.Members.Select(m => m.ExpertId.ToString())],
                Recused = review.Recusals.Count,
                OccurredAt = now,
                Actor = "system",
                ActorRole = "system",
            });
        }
        else
        {
            db.AddIntegrationEvent(new PanelPending
            {
                ApplicationId = review.ApplicationId,
                OrganizationUscc = review.OrganizationUscc,
                Reason = review.PendingReason ?? string.Empty,
                OccurredAt = now,
                Actor = "system",
                ActorRole = "system",
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Registry could not be asked for the links of {Uscc} ({Status}); the panel waits")]
    private static partial void LogRegistryUnavailable(ILogger logger, string uscc, global::Grpc.Core.StatusCode status);
}

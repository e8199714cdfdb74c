using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Huangpu.Applications.Intake;

/// <summary>
/// Finalises the entries of notices that have ended with nothing open (公示期满无异议): each application becomes
/// FINAL and <see cref="AwardFinalised"/> goes out, in batches, each batch one transaction. Held entries wait for
/// their objections; an entry finalised once is never finalised again.
/// </summary>
public sealed class NoticeFinalisation(ApplicationsDbContext db, PolicyCalendar calendar)
{
    public const int BatchSize = 200;

    /// <summary>Finalises one batch of due entries; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        var today = calendar.DateOf(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.NoticeEntries
            .FromSql($"""
                SELECT e.* FROM notice_entries e JOIN notices n ON n.id = e.notice_id
                WHERE e.status = 'InNotice' AND n.ends_on < {today}
                ORDER BY e.notice_id, e.application_id LIMIT {BatchSize} FOR UPDATE OF e SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(e => e.ApplicationId).ToArray();
        var applications = (await db.Applications.FromSql($"SELECT * FROM applications WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken))
            .ToDictionary(a => a.Id);
        foreach (var entry in due)
        {
            entry.Finalise(now);
            var application = applications[entry.ApplicationId];
            var steps = application.Lifecycle.History.Count;
            application.Lifecycle.Finalise(now, "公示期满无异议 / notice ended with no open objection");
            ApplicationEvents.Record(db, application, steps, now);
            db.AddIntegrationEvent(new AwardFinalised
            {
                ApplicationId = application.Id,
                OrganizationUscc = application.OrganizationUscc,
                PolicyId = application.PolicyId,
                ItemCode = application.ItemCode,
                AmountFen = entry.AmountFen,
                OccurredAt = now,
                Actor = Actor.System.Subject,
                ActorRole = Actor.System.Role,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}

/// <summary>Runs the finalisation on a timer (the injected TimeProvider), batch after batch until none is due.</summary>
public sealed partial class NoticeFinalisationJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NoticeOptions> options, ILogger<NoticeFinalisationJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FinaliseInterval, clock);
        do
        {
            try
            {
                int finalised;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    finalised = await scope.ServiceProvider.GetRequiredService<NoticeFinalisation>().RunOnceAsync(stoppingToken);
                }
                while (finalised == NoticeFinalisation.BatchSize);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Finalising ended notices failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

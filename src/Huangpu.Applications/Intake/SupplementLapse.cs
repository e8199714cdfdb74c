using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Huangpu.Applications.Intake;

public sealed class SupplementLapseOptions
{
    /// <summary>How often overdue supplement requests are looked for.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Moves every supplement request whose deadline has passed to not accepted, with its event.</summary>
public sealed class SupplementLapse(ApplicationsDbContext db, PolicyCalendar calendar)
{
    private const int Batch = 200;

    /// <summary>Returns how many applications lapsed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        var lapsed = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.Applications
                .FromSql($"SELECT * FROM applications WHERE status = 'SupplementRequested' AND supplement_deadline < {now} ORDER BY id LIMIT {Batch} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
            foreach (var application in due)
            {
                var steps = application.Lifecycle.History.Count;
                if (application.Lifecycle.LapseIfDue(now))
                {
                    ApplicationEvents.Record(db, application, steps, now);
                    lapsed++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (due.Count < Batch)
            {
                return lapsed;
            }
        }
    }
}

/// <summary>Runs <see cref="SupplementLapse"/> on the injected clock's schedule.</summary>
public sealed partial class SupplementLapseJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SupplementLapseOptions> options, ILogger<SupplementLapseJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var lapsed = await scope.ServiceProvider.GetRequiredService<SupplementLapse>().RunOnceAsync(stoppingToken);
                if (lapsed > 0)
                {
                    LogLapsed(logger, lapsed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} supplement request(s) lapsed to not accepted")]
    private static partial void LogLapsed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for lapsed supplement requests failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Compliance.Infrastructure;

namespace Huangpu.Compliance.Risk;

public sealed class PolicyLifecycleOptions
{
    /// <summary>How often the job looks at the calendar; an alert is raised at most once a day per policy.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// From <see cref="PolicyTerms.ReminderDays"/> days before a policy ends until its last day, one alert a day for its
/// officers (<see cref="RiskRules.PolicyEnding"/>, subject "policy:date"), so a successor or the last round is
/// prepared in time.
/// </summary>
public sealed partial class PolicyLifecycleJob(IServiceScopeFactory scopes, PolicyCalendar calendar, Microsoft.Extensions.Options.IOptions<PolicyLifecycleOptions> options, ILogger<PolicyLifecycleJob> logger) : BackgroundService
{
    /// <summary>The transaction lock that lets one replica at a time raise the day's reminders.</summary>
    public const string LockName = "compliance.policy-reminders";

    /// <summary>Raises today's reminders that are not raised yet; answers how many it raised.</summary>
    public async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var rule = services.GetRequiredService<RiskRules>()[RiskRules.PolicyEnding];
        var alerts = services.GetRequiredService<AlertBook>();
        var today = calendar.Today();
        // One replica at a time raises the day's reminders; the next finds them raised.
        var db = services.GetRequiredService<ComplianceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockAsync(LockName, cancellationToken);
        var raised = 0;
        foreach (var policy in (await services.GetRequiredService<IPolicyTerms>().AllAsync(cancellationToken)).Where(p => p.IsEndingOn(today)))
        {
            var daysLeft = policy.ValidTo.DayNumber - today.DayNumber;
            var detail = $"{policy.PolicyId} 将于 {policy.ValidTo:yyyy-MM-dd} 到期（剩 {daysLeft} 天）/ {policy.PolicyId} ends on {policy.ValidTo:yyyy-MM-dd} ({daysLeft} days left)";
            if (await alerts.RaiseAsync(rule, $"{policy.PolicyId}:{today:yyyy-MM-dd}", string.Empty, null, detail, [], cancellationToken))
            {
                raised++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RemindAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await Task.Delay(options.Value.CheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The policy reminders could not be raised; they are tried again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}

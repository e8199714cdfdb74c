using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>
/// Work a new instance does once before it reports ready, so its first callers do not pay for it: the first
/// query of a path (the model built, the query compiled), the first connection to a cache. A caller with a
/// deadline of a few seconds would otherwise meet a refusal on a freshly started instance.
/// </summary>
public interface IStartupWarmUp
{
    Task WarmUpAsync(CancellationToken cancellationToken);
}

public static class StartupWarmUpExtensions
{
    /// <summary>Runs <typeparamref name="TWarmUp"/> at start; readiness waits for it (and for every other warm-up).</summary>
    public static IServiceCollection AddStartupWarmUp<TWarmUp>(this IServiceCollection services)
        where TWarmUp : class, IStartupWarmUp
    {
        services.TryAddSingleton<TWarmUp>();
        services.AddSingleton<IStartupWarmUp>(sp => sp.GetRequiredService<TWarmUp>());
        if (!services.Any(d => d.ServiceType == typeof(StartupWarmUpRunner)))
        {
            services.AddSingleton<StartupWarmUpRunner>();
            services.AddHostedService(sp => sp.GetRequiredService<StartupWarmUpRunner>());
            services.AddHealthChecks().AddCheck<StartupWarmUpHealthCheck>("warm-up");
        }

        return services;
    }
}

/// <summary>Runs every warm-up once, in the background after start; a failed one is logged and never blocks readiness for good.</summary>
internal sealed partial class StartupWarmUpRunner(IEnumerable<IStartupWarmUp> warmUps, TimeProvider clock, ILogger<StartupWarmUpRunner> logger) : BackgroundService
{
    /// <summary>A warm-up that takes longer than this is abandoned: the instance becomes ready and pays the rest on first use.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Every warm-up has run (or failed, or been abandoned).</summary>
    public bool IsDone => ExecuteTask is { IsCompleted: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var warmUp in warmUps)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            limit.CancelAfter(Limit);
            var started = clock.GetTimestamp();
            try
            {
                await warmUp.WarmUpAsync(limit.Token);
                var elapsed = clock.GetElapsedTime(started);
                LogWarmedUp(warmUp.GetType().Name, elapsed.TotalMilliseconds);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogWarmUpFailed(ex, warmUp.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up {WarmUp} done in {Milliseconds:F0} ms")]
    private partial void LogWarmedUp(string warmUp, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up {WarmUp} failed; the instance becomes ready without it")]
    private partial void LogWarmUpFailed(Exception exception, string warmUp);
}

internal sealed class StartupWarmUpHealthCheck(StartupWarmUpRunner runner) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runner.IsDone ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}

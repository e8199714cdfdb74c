using Huangpu.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class StartupWarmUpTests
{
    private sealed class GatedWarmUp : IStartupWarmUp
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs { get; private set; }

        public async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            Runs++;
            await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class FailingWarmUp : IStartupWarmUp
    {
        public Task WarmUpAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("cache unreachable");
    }

    private static ServiceProvider Services(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        register(services);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthStatus> ReadinessAsync(ServiceProvider provider) =>
        (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status;

    [Fact]
    public async Task An_instance_is_not_ready_until_its_warm_up_has_run_and_the_warm_up_runs_once()
    {
        var warmUp = new GatedWarmUp();
        await using var provider = Services(services =>
        {
            services.AddSingleton(warmUp);
            services.AddStartupWarmUp<GatedWarmUp>();
        });
        var runner = provider.GetServices<IHostedService>().OfType<StartupWarmUpRunner>().Single();
        await runner.StartAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, await ReadinessAsync(provider));
        warmUp.Release.SetResult();
        await runner.ExecuteTask!;

        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync(provider));
        Assert.Equal(1, warmUp.Runs);
    }

    [Fact]
    public async Task A_failed_warm_up_does_not_keep_the_instance_out_of_rotation_and_the_next_one_still_runs()
    {
        var warmUp = new GatedWarmUp();
        warmUp.Release.SetResult();
        await using var provider = Services(services =>
        {
            services.AddSingleton(warmUp);
            services.AddStartupWarmUp<FailingWarmUp>();
            services.AddStartupWarmUp<GatedWarmUp>();
        });
        // Two warm-ups, one runner.
        var runner = Assert.Single(provider.GetServices<IHostedService>().OfType<StartupWarmUpRunner>());
        await runner.StartAsync(CancellationToken.None);
        await runner.ExecuteTask!;

        Assert.Equal(HealthStatus.Healthy, await ReadinessAsync(provider));
        Assert.Equal(1, warmUp.Runs);
    }
}

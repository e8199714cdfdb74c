using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// The AppHost's CPU precedence, read from its model (nothing is started): the gateway at the normal priority,
/// everything behind it under <c>nice</c>, so a rush cannot keep the front door from answering.
/// </summary>
public sealed class ProcessPriorityTests : IDisposable
{
    private static readonly string[] BehindTheGateway = ["registry", "applications", "expertreview", "payments", "compliance", "treasury", "postgres", "rabbitmq", "redis", "epmd"];
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"huangpu-model-{Guid.NewGuid():N}");

    [Fact]
    public async Task Everything_behind_the_gateway_runs_at_a_lower_priority_and_the_gateway_at_the_normal_one()
    {
        await using var app = await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:TraceSampleRatio=1");
        var commands = await CommandLinesAsync(app);

        foreach (var name in BehindTheGateway)
        {
            Assert.Equal("nice", commands[name].Command);
            Assert.Equal(["-n", "5"], commands[name].Args.Take(2));
        }

        Assert.Equal("dotnet", commands["gateway"].Command);
        Assert.EndsWith("Huangpu.Registry.dll", commands["registry"].Args.Last(), StringComparison.Ordinal);
        Assert.Equal("dotnet", commands["registry"].Args[2]);
    }

    [Fact]
    public async Task A_backend_nice_of_zero_runs_everything_at_the_normal_priority()
    {
        await using var app = await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:BackendNice=0");
        var commands = await CommandLinesAsync(app);

        Assert.All(BehindTheGateway, name => Assert.NotEqual("nice", commands[name].Command));
        Assert.Equal("redis-server", commands["redis"].Command);
    }

    [Fact]
    public async Task A_backend_nice_outside_the_range_of_nice_values_is_refused_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:BackendNice=20"));
        Assert.Contains("Huangpu:BackendNice", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private static async Task<Dictionary<string, (string Command, List<string> Args)>> CommandLinesAsync(DistributedApplication app)
    {
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var commands = new Dictionary<string, (string, List<string>)>(StringComparer.Ordinal);
        foreach (var process in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ExecutableResource>())
        {
            var configuration = await ExecutionConfigurationBuilder.Create(process)
                .WithArgumentsConfig()
                .BuildAsync(context, NullLogger.Instance, CancellationToken.None);
            Assert.Null(configuration.Exception);
            commands[process.Name] = (process.Command, configuration.Arguments.Select(a => a.Value).ToList());
        }

        return commands;
    }
}

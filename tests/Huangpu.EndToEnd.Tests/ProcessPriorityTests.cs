using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// The AppHost's CPU precedence, read from its model (nothing is started): the gateway at the normal priority, the
/// request path behind it under <c>nice</c>, and the work no caller waits for under a higher one, so a rush can keep
/// neither the front door from answering nor the admitted requests from being served.
/// </summary>
public sealed class ProcessPriorityTests : IDisposable
{
    private static readonly string[] RequestPath = ["registry", "applications", "expertreview", "payments", "postgres", "rabbitmq", "redis"];
    private static readonly string[] Background = ["compliance", "treasury"];
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"huangpu-model-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_request_path_runs_below_the_gateway_and_background_work_below_the_request_path()
    {
        await using var app = await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:TraceSampleRatio=1");
        var commands = await CommandLinesAsync(app);

        foreach (var name in RequestPath)
        {
            Assert.Equal("nice", commands[name].Command);
            Assert.Equal(["-n", "15"], commands[name].Args.Take(2));
        }

        foreach (var name in Background)
        {
            Assert.Equal("nice", commands[name].Command);
            Assert.Equal(["-n", "19"], commands[name].Args.Take(2));
        }

        Assert.Equal("dotnet", commands["gateway"].Command);
        Assert.EndsWith("Huangpu.Registry.dll", commands["registry"].Args.Last(), StringComparison.Ordinal);
        Assert.Equal("dotnet", commands["registry"].Args[2]);
        Assert.EndsWith("Huangpu.Compliance.dll", commands["compliance"].Args.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nice_values_of_zero_run_everything_at_the_normal_priority()
    {
        await using var app = await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:BackendNice=0", "Huangpu:BackgroundNice=0");
        var commands = await CommandLinesAsync(app);

        Assert.All(RequestPath.Concat(Background), name => Assert.NotEqual("nice", commands[name].Command));
        Assert.Equal("redis-server", commands["redis"].Command);
        Assert.Equal("dotnet", commands["compliance"].Command);
    }

    [Theory]
    [InlineData("Huangpu:BackendNice=20", "Huangpu:BackendNice")]
    [InlineData("Huangpu:BackgroundNice=-1", "Huangpu:BackgroundNice")]
    public async Task A_nice_value_outside_the_range_of_nice_values_is_refused_at_start(string setting, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await AppHostModel.BuildAsync(_stateDirectory, setting));
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Background_work_set_above_the_request_path_is_refused_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await AppHostModel.BuildAsync(_stateDirectory, "Huangpu:BackendNice=15", "Huangpu:BackgroundNice=5"));
        Assert.Contains("never outranks", error.ToString(), StringComparison.Ordinal);
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

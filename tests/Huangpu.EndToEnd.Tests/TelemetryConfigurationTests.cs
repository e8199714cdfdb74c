using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huangpu.EndToEnd.Tests;

/// <summary>The AppHost's telemetry settings, read from its model (nothing is started).</summary>
public sealed class TelemetryConfigurationTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"huangpu-model-{Guid.NewGuid():N}");

    [Fact]
    public async Task Telemetry_goes_to_the_dashboard_by_default()
    {
        await using var app = await BuildAsync("Huangpu:TraceSampleRatio=1");

        foreach (var environment in await EnvironmentsAsync(app))
        {
            Assert.StartsWith("http://127.0.0.1:", environment["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_configured_collector_receives_every_platform_process_s_telemetry_instead_of_the_dashboard()
    {
        await using var app = await BuildAsync("Huangpu:OtlpEndpoint=http://collector.example:4317");

        foreach (var environment in await EnvironmentsAsync(app))
        {
            Assert.Equal("http://collector.example:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        }
    }

    [Fact]
    public async Task A_collector_address_that_is_not_an_http_url_is_refused_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await BuildAsync("Huangpu:OtlpEndpoint=collector:4317"));
        Assert.Contains("Huangpu:OtlpEndpoint", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private Task<DistributedApplication> BuildAsync(string setting) => AppHostModel.BuildAsync(_stateDirectory, setting);

    /// <summary>The environment each of the six platform processes (five services and the gateway) would start with.</summary>
    private static async Task<List<Dictionary<string, string>>> EnvironmentsAsync(DistributedApplication app)
    {
        string[] platform = ["registry", "applications", "expertreview", "payments", "compliance", "gateway"];
        var processes = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ExecutableResource>().Where(r => platform.Contains(r.Name)).ToList();
        Assert.Equal(6, processes.Count);
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var environments = new List<Dictionary<string, string>>();
        foreach (var process in processes)
        {
            var configuration = await ExecutionConfigurationBuilder.Create(process)
                .WithEnvironmentVariablesConfig()
                .BuildAsync(context, NullLogger.Instance, CancellationToken.None);
            Assert.Null(configuration.Exception);
            environments.Add(configuration.EnvironmentVariables.ToDictionary(StringComparer.Ordinal));
        }

        return environments;
    }
}

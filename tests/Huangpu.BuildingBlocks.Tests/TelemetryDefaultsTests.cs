using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class TelemetryDefaultsTests
{
    [Fact]
    public void Per_request_detail_instruments_are_not_enabled_and_the_rest_of_their_meters_is()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.ConfigureOpenTelemetry();
        // A reader stands in for the OTLP exporter a deployment configures: without one no instrument is enabled.
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddReader(new BaseExportingMetricReader(new DiscardingExporter())));
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<MeterProvider>();

        using var hosting = new Meter("Microsoft.AspNetCore.Hosting");
        using var kestrel = new Meter("Microsoft.AspNetCore.Server.Kestrel");
        using var routing = new Meter("Microsoft.AspNetCore.Routing");
        using var authentication = new Meter("Microsoft.AspNetCore.Authentication");
        using var authorization = new Meter("Microsoft.AspNetCore.Authorization");
        using var memoryPool = new Meter("Microsoft.AspNetCore.MemoryPool");

        Assert.True(hosting.CreateHistogram<double>("http.server.request.duration").Enabled);
        Assert.True(kestrel.CreateUpDownCounter<long>("kestrel.active_connections").Enabled);
        Assert.True(authentication.CreateCounter<long>("aspnetcore.authentication.challenges").Enabled);
        Assert.True(authorization.CreateCounter<long>("aspnetcore.authorization.attempts").Enabled);

        Assert.False(kestrel.CreateUpDownCounter<long>("kestrel.queued_requests").Enabled);
        Assert.False(routing.CreateCounter<long>("aspnetcore.routing.match_attempts").Enabled);
        Assert.False(authentication.CreateHistogram<double>("aspnetcore.authentication.authenticate.duration").Enabled);
        Assert.False(memoryPool.CreateCounter<long>("aspnetcore.memory_pool.rented").Enabled);
        Assert.False(memoryPool.CreateUpDownCounter<long>("aspnetcore.memory_pool.pooled").Enabled);
    }

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}

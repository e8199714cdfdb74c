using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Huangpu.EndToEnd.Tests;

/// <summary>A fixed port another process holds stops start-up at once, naming the port and its holder.</summary>
public sealed class FixedPortTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"huangpu-ports-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_port_held_by_another_process_stops_start_up_naming_the_port_and_the_process()
    {
        using var stranger = new TcpListener(IPAddress.Any, 0);
        stranger.Start();
        var port = ((IPEndPoint)stranger.LocalEndpoint).Port;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Huangpu_AppHost>(
            [$"Huangpu:StateDirectory={_stateDirectory}", $"Huangpu:Ports:Epmd={port}", "HP_GATEWAY_PORT=0", "HP_GATEWAY_GRPC_PORT=0"],
            (options, _) =>
            {
                options.DisableDashboard = true;
                options.AllowUnsecuredTransport = true;
            });
        await using var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(timeout.Token));

        var message = refused.ToString();
        Assert.Contains($"port {port} (epmd) is in use", message, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}

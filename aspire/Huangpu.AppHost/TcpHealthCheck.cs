using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Huangpu.AppHost;

/// <summary>Healthy when the server accepts a TCP connection (the servers open their ports once ready).</summary>
internal sealed class TcpHealthCheck(string host, int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(host, port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{host}:{port} does not accept connections", ex);
        }
    }
}

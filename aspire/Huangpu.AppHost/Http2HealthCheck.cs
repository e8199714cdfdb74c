using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Huangpu.AppHost;

/// <summary>
/// Readiness of a service over HTTP/2: the services listen h2c only (gRPC and transcoded REST share the
/// port), so the default HTTP/1.1 probe cannot reach them.
/// </summary>
internal sealed class Http2HealthCheck(EndpointReference endpoint, string path) : IHealthCheck
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(3) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("endpoint not allocated yet");
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint.Url), path))
            {
                Version = new Version(2, 0),
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await Client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{path} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{path} unreachable", ex);
        }
    }
}

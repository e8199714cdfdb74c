using System.Threading.RateLimiting;
using Huangpu.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Huangpu.Gateway.Tests;

/// <summary>The gateway's admission limit as the gateway configures it: its share per backend, and no queue.</summary>
public sealed class GatewayAdmissionTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly List<RateLimitLease> _leases = [];

    public GatewayAdmissionTests()
    {
        _services = new ServiceCollection().AddGatewayAdmission(new ConfigurationBuilder().Build()).BuildServiceProvider();
        _limiter = _services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
    }

    public void Dispose()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }

        _services.Dispose();
    }

    [Fact]
    public async Task A_backend_gets_in_flight_what_one_service_admits_and_the_next_request_is_refused_at_once_not_queued()
    {
        var applications = RequestTo("applications");
        for (var i = 0; i < AdmissionControl.ServiceAdmittedRequests; i++)
        {
            _leases.Add(await Admit(applications));
            Assert.True(_leases[^1].IsAcquired, $"request {i + 1} of {AdmissionControl.ServiceAdmittedRequests} was refused");
        }

        // The first request past the share gets its answer without waiting for a place.
        var waiting = _limiter.AcquireAsync(applications).AsTask();
        Assert.True(waiting.IsCompleted, "the request beyond the share waits in a queue at the gateway");
        using var refused = await waiting;
        Assert.False(refused.IsAcquired);
        Assert.Equal(0, _limiter.GetStatistics(applications)?.CurrentQueuedCount);

        // Another backend's share is its own, and a place freed is taken at once.
        _leases.Add(await Admit(RequestTo("registry")));
        Assert.True(_leases[^1].IsAcquired);
        _leases[0].Dispose();
        using var next = await Admit(applications);
        Assert.True(next.IsAcquired);
    }

    private ValueTask<RateLimitLease> Admit(HttpContext request) => _limiter.AcquireAsync(request);

    /// <summary>A request as routing leaves it for the admission limit: its endpoint names the route's cluster.</summary>
    private static DefaultHttpContext RequestTo(string cluster)
    {
        var route = new RouteModel(new RouteConfig { RouteId = cluster, ClusterId = cluster }, new ClusterState(cluster), HttpTransformer.Default);
        var request = new DefaultHttpContext { Request = { Path = $"/huangpu.{cluster}.v1.Service/Call" } };
        request.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(route), cluster));
        return request;
    }
}

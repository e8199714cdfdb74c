using Huangpu.Grpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Huangpu.Gateway.Tests;

public sealed class GatewayRoutesTests
{
    /// <summary>Every annotated RPC as (gRPC method, HTTP verb, path template): one row each, so no two collide.</summary>
    public static TheoryData<string, string, string> TranscodedRoutes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var service in PublicServices.All.Append(PublicServices.Operations))
        {
            foreach (var method in service.Methods)
            {
                var route = RestRoutes.Of(method);
                Assert.True(route is not null, $"{method.FullName} has no REST route"); // every RPC is also REST
                data.Add(method.FullName, route.Verb, route.Template);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TranscodedRoutes))]
    public void Every_transcoded_route_reaches_the_backend_that_serves_it(string method, string verb, string httpTemplate)
    {
        _ = verb; // routing is by path; the verb keeps each row distinct
        var service = method[..method.LastIndexOf('.')];
        if (service == PublicServices.Operations.FullName)
        {
            // Served by every backend: the service named in the path chooses.
            foreach (var backend in GatewayRoutes.Backends)
            {
                var path = httpTemplate.Replace("{service}", backend.Name, StringComparison.Ordinal);
                Assert.True(Matches(GatewayRoutes.OperationsPath(backend.Name), Sample(path)), $"{path} does not reach {backend.Name}");
                Assert.All(GatewayRoutes.Backends.Where(b => b != backend), other => Assert.False(Matches(GatewayRoutes.OperationsPath(other.Name), Sample(path))));
            }

            return;
        }

        var owner = Assert.Single(GatewayRoutes.Backends, b => b.GrpcServices.Contains(service));
        Assert.Contains(owner.RestPaths.Concat(owner.PublicPaths), pattern => Matches(pattern, Sample(httpTemplate)));
        foreach (var other in GatewayRoutes.Backends.Where(b => b != owner))
        {
            Assert.DoesNotContain(other.RestPaths.Concat(other.PublicPaths), pattern => Matches(pattern, Sample(httpTemplate)));
        }
    }

    /// <summary>A concrete path for the template: each {variable} becomes a sample value.</summary>
    private static string Sample(string httpTemplate) => System.Text.RegularExpressions.Regex.Replace(httpTemplate, "{[^}]+}", "sample");

    [Fact]
    public void Every_public_grpc_service_has_a_backend()
    {
        var routed = GatewayRoutes.Backends.SelectMany(b => b.GrpcServices).ToHashSet();
        Assert.All(PublicServices.All, s => Assert.Contains(s.FullName, routed));
    }

    [Fact]
    public void Backends_are_reached_over_http2_only()
    {
        Assert.All(GatewayRoutes.Clusters(), c =>
        {
            Assert.Equal(new Version(2, 0), c.HttpRequest!.Version);
            Assert.Equal(HttpVersionPolicy.RequestVersionExact, c.HttpRequest.VersionPolicy);
        });
    }

    [Fact]
    public void Each_cluster_balances_by_requests_in_flight_and_leaves_out_an_instance_that_refuses_connections()
    {
        Assert.All(GatewayRoutes.Clusters(), c =>
        {
            Assert.Equal(Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.PowerOfTwoChoices, c.LoadBalancingPolicy);
            Assert.True(c.HealthCheck?.Passive?.Enabled);
            Assert.Equal(Yarp.ReverseProxy.Health.HealthCheckConstants.PassivePolicy.TransportFailureRate, c.HealthCheck!.Passive!.Policy);
            Assert.Equal(GatewayRoutes.PassiveReactivationPeriod, c.HealthCheck.Passive.ReactivationPeriod);
        });
    }

    [Fact]
    public void Every_route_requires_an_authenticated_caller_but_the_open_disclosure_reads()
    {
        var routes = GatewayRoutes.Routes();
        Assert.All(routes.Where(r => !r.Match.Path!.StartsWith("/api/v1/disclosures/", StringComparison.Ordinal)), r => Assert.Equal(GatewayRoutes.AuthenticatedPolicy, r.AuthorizationPolicy));
        Assert.All(routes.Where(r => r.Match.Path!.StartsWith("/api/v1/disclosures/", StringComparison.Ordinal)), r =>
        {
            Assert.Equal(GatewayRoutes.AnonymousPolicy, r.AuthorizationPolicy);
            Assert.Equal(["GET"], r.Match.Methods);
        });
    }

    [Theory]
    [InlineData("/api/v1/organizations", BodyLimits.JsonBytes)]
    [InlineData("/api/v1/documents/abc", BodyLimits.DocumentBytes)]
    public void Body_limits_follow_the_contract(string path, long limit) =>
        Assert.Equal(limit, BodyLimits.LimitFor(path));

    private static bool Matches(string pattern, string path)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new RouteValueDictionary());
        return matcher.TryMatch(path, new RouteValueDictionary());
    }
}

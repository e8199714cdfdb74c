using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Huangpu.Grpc.Applications.V1;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// Rate limits per client and route, counted in Redis: two gateway replicas draw on one allowance, a call past it
/// is refused with 429 / RESOURCE_EXHAUSTED, Retry-After and a Status naming the quota, and other routes and other
/// clients are untouched. The fixture gives <see cref="PlatformFixture.RateLimitedClient"/> a small allowance.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class RateLimitTests(PlatformFixture platform)
{
    private const string ListPolicies = "huangpu.applications.v1.ApplicationsService/ListPolicies";

    [Fact]
    public async Task A_clients_allowance_is_shared_by_both_gateway_replicas_and_refused_past_it_with_429()
    {
        var limited = platform.SignToken(new Dictionary<string, string> { ["sub"] = PlatformFixture.RateLimitedClient, ["role"] = "case_officer" });
        using var second = new HttpClient { BaseAddress = platform.SecondRestAddress, Timeout = TimeSpan.FromSeconds(30) };

        // The allowance, spread over both replicas: every call served.
        for (var i = 0; i < PlatformFixture.RateLimitedClientPermits; i++)
        {
            var gateway = i % 2 == 0 ? platform.Rest : second;
            using var served = await gateway.SendAsync(Get("/api/v1/policies", limited));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        // One more, at either replica: refused, with when to come back and which quota was used up.
        foreach (var gateway in new[] { second, platform.Rest })
        {
            using var refused = await gateway.SendAsync(Get("/api/v1/policies", limited));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 61);
            var status = await refused.JsonAsync();
            Assert.Equal((int)StatusCode.ResourceExhausted, status.GetProperty("code").GetInt32());
            Assert.Equal("RATE_LIMITED", status.Details("google.rpc.ErrorInfo").Single().GetProperty("reason").GetString());
            Assert.Equal(ListPolicies, status.Details("google.rpc.ErrorInfo").Single().GetProperty("metadata").GetProperty("quota").GetString());
            Assert.Equal(PlatformFixture.RateLimitedClient, status.Details("google.rpc.QuotaFailure").Single().GetProperty("violations")[0].GetProperty("subject").GetString());
            Assert.Single(status.Details("google.rpc.RetryInfo"));
            Assert.Contains("调用过于频繁", status.Details("google.rpc.LocalizedMessage").Single(d => d.GetProperty("locale").GetString() == "zh-CN").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The same method over gRPC is the same route: its allowance is spent too.
        using var channel = GrpcChannel.ForAddress(platform.SecondGrpcAddress);
        var client = new ApplicationsService.ApplicationsServiceClient(channel);
        var exhausted = await Assert.ThrowsAsync<RpcException>(() => client.ListPoliciesAsync(new ListPoliciesRequest(), PlatformFixture.Bearer(limited)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);
        Assert.Contains(exhausted.Trailers, t => t.Key == "grpc-status-details-bin");

        // Another route of the same client, and the same route for another client, are untouched.
        using var otherRoute = await second.SendAsync(Get("/api/v1/policies/HRS-2024-2", limited));
        Assert.Equal(HttpStatusCode.OK, otherRoute.StatusCode);
        var other = await platform.TokenAsync("case_officer", subject: "rate-limit-bystander");
        using var otherClient = await second.SendAsync(Get("/api/v1/policies", other));
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}

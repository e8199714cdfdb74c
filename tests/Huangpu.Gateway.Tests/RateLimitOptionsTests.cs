using Huangpu.BuildingBlocks.Errors;

namespace Huangpu.Gateway.Tests;

public sealed class RateLimitOptionsTests
{
    private static readonly RateLimitOptions Options = new()
    {
        PermitsPerWindow = 100,
        Routes = { ["huangpu.applications.v1.ApplicationsService/SubmitApplication"] = 10 },
        Clients = { ["treasury-feed"] = 5000 },
    };

    [Theory]
    [InlineData("someone", "huangpu.registry.v1.RegistryService/GetOrganization", 100)]
    [InlineData("someone", "huangpu.applications.v1.ApplicationsService/SubmitApplication", 10)]
    [InlineData("treasury-feed", "huangpu.applications.v1.ApplicationsService/SubmitApplication", 5000)]
    [InlineData("treasury-feed", "huangpu.registry.v1.RegistryService/GetOrganization", 5000)]
    public void A_clients_own_allowance_comes_first_then_the_routes_then_the_default(string client, string route, int permits) =>
        Assert.Equal(permits, Options.PermitsFor(client, route));

    [Fact]
    public void A_refusal_is_resource_exhausted_with_when_and_which_quota()
    {
        var status = RpcErrors.RateLimited("someone", "huangpu.registry.v1.RegistryService/GetOrganization", 100, TimeSpan.FromSeconds(12.2));
        Assert.Equal((int)Google.Rpc.Code.ResourceExhausted, status.Code);
        Assert.Equal(429, StatusResponses.HttpStatusOf((Google.Rpc.Code)status.Code));
        var retry = status.Details.Single(d => d.Is(Google.Rpc.RetryInfo.Descriptor)).Unpack<Google.Rpc.RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(13), retry.RetryDelay.ToTimeSpan());
        var quota = status.Details.Single(d => d.Is(Google.Rpc.QuotaFailure.Descriptor)).Unpack<Google.Rpc.QuotaFailure>();
        Assert.Equal("someone", quota.Violations.Single().Subject);
    }
}

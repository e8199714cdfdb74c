using System.Net;
using System.Net.Http.Json;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Huangpu.EndToEnd.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class GatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task Gateway_grpc_port_serves_reflection_for_every_public_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(platform.Grpc);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("huangpu.registry.v1.RegistryService", services);
        Assert.Contains("huangpu.applications.v1.ApplicationsService", services);
        Assert.Contains("huangpu.expertreview.v1.ExpertReviewService", services);
        Assert.Contains("huangpu.payments.v1.PaymentsService", services);
        Assert.Contains("huangpu.compliance.v1.ComplianceService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Gateway_aggregated_health_reports_every_service_serving()
    {
        var health = new Health.HealthClient(platform.Grpc);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(
            HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "huangpu.registry.v1.RegistryService" })).Status);

        using var ready = await platform.Rest.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var live = await platform.Rest.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Dev_token_refuses_an_unknown_role_and_an_applicant_without_organization()
    {
        using var unknown = await platform.Rest.PostAsJsonAsync("/dev/token", new { role = "mayor" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var applicant = await platform.Rest.PostAsJsonAsync("/dev/token", new { role = "applicant" });
        Assert.Equal(HttpStatusCode.BadRequest, applicant.StatusCode);
        Assert.Equal(["organizationUscc"], (await applicant.JsonAsync()).ViolatedFields());
    }

    [Fact]
    public async Task The_openapi_document_and_docs_page_are_served_without_a_token()
    {
        using var document = await platform.Rest.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var json = await document.JsonAsync();
        Assert.True(json.GetProperty("paths").TryGetProperty("/api/v1/organizations/{uscc}/eligibility", out _));
        using var page = await platform.Rest.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // Scalar's reference, its script served by the gateway itself: nothing loaded from elsewhere.
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/docs/scalar.js", "/docs/scalar.aspnetcore.js" })
        {
            using var script = await platform.Rest.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }
}

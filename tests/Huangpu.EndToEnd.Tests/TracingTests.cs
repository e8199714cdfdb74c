using System.Diagnostics;
using System.Net;
using Huangpu.EndToEnd.Tests.Otlp;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>What the dashboard shows of a request: the spans every process exports, read at the collector.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class TracingTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_registration_is_one_trace_from_the_gateway_through_the_outbox_and_the_broker_to_its_consumers_tagged_with_its_uscc()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var response = await platform.Rest.SendAsync(Traced(Post("/api/v1/organizations", officer, Organization(uscc)), traceId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        IReadOnlyList<ReceivedSpan> trace = [];
        await WaitUntilAsync(
            () =>
            {
                // Each process exports in its own batches: wait for the last hop and the publish both.
                trace = platform.Traces.Trace(traceId);
                return Task.FromResult(
                    trace.Any(s => s.Service.StartsWith("compliance", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("huangpu.uscc") == uscc)
                    && trace.Any(s => s.Name == "outbox publish OrganizationRegistered")
                    && trace.Any(s => s.Service.StartsWith("gateway", StringComparison.Ordinal)));
            },
            describe: () => $"the trace reached: {string.Join("; ", trace.Select(s => $"{s.Service} {s.Scope} {s.Name}"))}");

        // The gateway's span, the Registry's server span tagged with the USCC, the outbox's publish in the same trace
        // (however much later the dispatcher ran), MassTransit's send beneath it, and Compliance consuming.
        Assert.Contains(trace, s => s.Service.StartsWith("gateway", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service.StartsWith("registry", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("huangpu.uscc") == uscc && s.Scope == "Microsoft.AspNetCore");
        var publish = Assert.Single(trace, s => s.Service.StartsWith("registry", StringComparison.Ordinal) && s.Name == "outbox publish OrganizationRegistered");
        Assert.Equal(uscc, publish.Attributes["huangpu.uscc"]);
        Assert.Contains(trace, s => s.Scope == "MassTransit" && s.ParentSpanId == publish.SpanId);
        Assert.Contains(trace, s => s.Service.StartsWith("compliance", StringComparison.Ordinal) && s.Scope == "MassTransit");
        Assert.All(trace, s => Assert.Equal(traceId, s.TraceId));
    }

    [Fact]
    public async Task A_call_about_an_application_is_tagged_with_its_id()
    {
        var auditor = await platform.TokenAsync("auditor");
        var applicationId = Guid.NewGuid().ToString();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var response = await platform.Rest.SendAsync(Traced(Get($"/api/v1/applications/{applicationId}", auditor), traceId));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await WaitUntilAsync(
            () => Task.FromResult(platform.Traces.Trace(traceId).Any(s =>
                s.Service.StartsWith("applications", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("huangpu.application_id") == applicationId)),
            describe: () => $"no applications span tagged {applicationId} in {string.Join("; ", platform.Traces.Trace(traceId).Select(s => $"{s.Service} {s.Name}"))}");
    }

    /// <summary>The request as the first hop of a trace the test names (W3C trace context, sampled).</summary>
    private static HttpRequestMessage Traced(HttpRequestMessage request, string traceId)
    {
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }
}

using System.Net;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>No lost or doubled effects when the broker or a consumer goes away in the middle of the slice.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ResilienceTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_organization_registered_while_RabbitMQ_is_down_is_audited_exactly_once_after_it_returns()
    {
        var officer = await platform.TokenAsync("case_officer");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();

        await platform.StopResourceAsync("rabbitmq");
        try
        {
            // The write commits with its event in the outbox; the broker's absence does not refuse it.
            using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.Empty(await platform.AuditEntriesAsync(uscc, auditor));
        }
        finally
        {
            await platform.StartResourceAsync("rabbitmq");
        }

        Assert.Single(await platform.WaitForAuditAsync(uscc, auditor, timeout: TimeSpan.FromSeconds(120)));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(await platform.AuditEntriesAsync(uscc, auditor));
    }

    [Fact]
    public async Task Events_queued_while_Compliance_is_down_are_each_audited_exactly_once_after_it_restarts()
    {
        var officer = await platform.TokenAsync("case_officer");
        var auditor = await platform.TokenAsync("auditor");
        var codes = Enumerable.Range(0, 5).Select(_ => TestCodes.NewUscc()).ToList();

        await platform.StopResourceAsync("compliance");
        try
        {
            foreach (var uscc in codes)
            {
                using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
                Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            }

            // Published and waiting in Compliance's durable queue.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await platform.StartResourceAsync("compliance");
        }

        foreach (var uscc in codes)
        {
            Assert.Single(await platform.WaitForAuditAsync(uscc, auditor, timeout: TimeSpan.FromSeconds(120)));
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var uscc in codes)
        {
            Assert.Single(await platform.AuditEntriesAsync(uscc, auditor));
        }
    }
}

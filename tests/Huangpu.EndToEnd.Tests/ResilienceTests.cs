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

        await platform.StopServiceAsync("compliance");
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
            await platform.StartServiceAsync("compliance");
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

    [Fact]
    public async Task An_event_published_before_its_consumer_ever_ran_on_a_fresh_broker_is_audited_once_when_it_starts()
    {
        var officer = await platform.TokenAsync("case_officer");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();

        await platform.StopServiceAsync("compliance");
        try
        {
            // The broker as a fresh one would be for Compliance: its queue and exchange were never declared.
            var factory = new RabbitMQ.Client.ConnectionFactory { Uri = platform.Broker };
            await using (var connection = await factory.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.QueueDeleteAsync("audit", ifUnused: false, ifEmpty: false);
                await channel.ExchangeDeleteAsync("audit", ifUnused: false);
            }

            // The publisher starts on that broker, and publishes while the consumer has still never run.
            await platform.StopServiceAsync("registry");
            await platform.StartServiceAsync("registry");
            using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await platform.StartServiceAsync("compliance");
        }

        Assert.Single(await platform.WaitForAuditAsync(uscc, auditor, timeout: TimeSpan.FromSeconds(120)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await platform.AuditEntriesAsync(uscc, auditor));
    }

    [Fact]
    public async Task With_two_instances_of_every_service_each_registration_is_published_and_audited_exactly_once()
    {
        foreach (var service in new[] { "registry", "applications", "expertreview", "payments", "compliance" })
        {
            foreach (var instance in PlatformFixture.InstancesOf(service))
            {
                using var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(instance, healthy.Token);
            }
        }

        // Registrations side by side: the gateway spreads them over both Registries, both dispatch their outbox to
        // the broker, and both Compliance instances take audit events from the one queue.
        var officer = await platform.TokenAsync("case_officer");
        var auditor = await platform.TokenAsync("auditor");
        var codes = Enumerable.Range(0, 24).Select(_ => TestCodes.NewUscc()).ToList();
        var created = await Task.WhenAll(codes.Select(async uscc =>
        {
            using var response = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
            return response.StatusCode;
        }));
        Assert.All(created, status => Assert.Equal(HttpStatusCode.OK, status));

        foreach (var uscc in codes)
        {
            Assert.Single(await platform.WaitForAuditAsync(uscc, auditor, timeout: TimeSpan.FromSeconds(120)));
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var uscc in codes)
        {
            var entries = await platform.AuditEntriesAsync(uscc, auditor);
            Assert.Equal(["OrganizationRegistered"], entries.Select(e => e.GetProperty("eventType").GetString()));
        }

        var ops = await platform.TokenAsync("ops");
        using var outbox = await platform.Rest.SendAsync(Get("/ops/v1/registry/outbox", ops));
        var status = await outbox.JsonAsync();
        Assert.Equal((0L, 0L), (Int64(status, "pending"), Int64(status, "deadLettered")));
    }

    private static long Int64(System.Text.Json.JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task The_ops_role_reads_each_service_s_outbox_and_replays_its_dead_letters_and_no_other_role_may()
    {
        var ops = await platform.TokenAsync("ops");
        foreach (var service in new[] { "registry", "applications", "expertreview", "payments", "compliance" })
        {
            using var status = await platform.Rest.SendAsync(Get($"/ops/v1/{service}/outbox", ops));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            var body = await status.JsonAsync();
            Assert.Equal(service, body.GetProperty("service").GetString());

            using var replay = await platform.Rest.SendAsync(Post($"/ops/v1/{service}/outbox:replay", ops, new { }));
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        var officer = await platform.TokenAsync("case_officer");
        using var refused = await platform.Rest.SendAsync(Get("/ops/v1/registry/outbox", officer));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

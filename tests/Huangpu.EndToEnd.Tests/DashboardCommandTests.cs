using System.Net;
using RabbitMQ.Client;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>The dashboard's commands, run through the AppHost's model as the dashboard runs them, each checked by its effect.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class DashboardCommandTests(PlatformFixture platform)
{
    [Fact]
    public async Task Seeding_registers_the_fictional_organisations_and_this_years_budget_and_can_run_twice()
    {
        var first = await ExecuteAsync("gateway", "seed-development-data");
        Assert.True(first.Success, first.Message);
        var again = await ExecuteAsync("gateway", "seed-development-data");
        Assert.True(again.Success, again.Message);
        Assert.Contains("already there", again.Message, StringComparison.Ordinal);

        var officer = await platform.TokenAsync("case_officer");
        using var organization = await platform.Rest.SendAsync(Get("/api/v1/organizations/91310101000000001J", officer));
        Assert.Equal(HttpStatusCode.OK, organization.StatusCode);
        var finance = await platform.TokenAsync("finance");
        using var budget = await platform.Rest.SendAsync(Get($"/api/v1/budgets/{DateTime.UtcNow.AddHours(8).Year}", finance));
        Assert.Equal(HttpStatusCode.OK, budget.StatusCode);
    }

    [Fact]
    public async Task Verifying_the_audit_chain_reports_it_intact()
    {
        var result = await ExecuteAsync("compliance", "verify-audit-chain");
        Assert.True(result.Success, result.Message);
        Assert.StartsWith("Intact", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconciling_now_reconciles_the_last_day_that_is_over()
    {
        var result = await ExecuteAsync("payments", "reconcile-now");
        Assert.True(result.Success, result.Message);
        Assert.Contains($"Reconciled {DateTime.UtcNow.AddHours(8).AddDays(-1):yyyy-MM-dd}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policys_days_left_are_counted_to_its_end_in_Shanghai()
    {
        var result = await ExecuteAsync("applications", "policy-days-left");
        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^HRS-2024-2 (is in force until \d{4}-\d{2}-\d{2}: \d+ day\(s\) left|ended on \d{4}-\d{2}-\d{2})\.$", result.Message);
    }

    [Fact]
    public async Task Replaying_the_error_queues_moves_a_failed_message_back_to_its_queue()
    {
        // A message no consumer can read: MassTransit parks it in the risk consumer's error queue.
        var factory = new ConnectionFactory { Uri = platform.Broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync(string.Empty, "risk", mandatory: true, properties, "not a message envelope"u8.ToArray());
        }

        await WaitUntilAsync(async () => await ErrorCountAsync(connection) > 0, describe: () => "the unreadable message never reached risk_error");

        var result = await ExecuteAsync("rabbitmq", "replay-error-queues");
        Assert.True(result.Success, result.Message);
        Assert.Matches(@"risk: \d+", result.Message);
    }

    private static async Task<uint> ErrorCountAsync(IConnection connection)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync("risk_error")).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    private async Task<Aspire.Hosting.ApplicationModel.ExecuteCommandResult> ExecuteAsync(string resource, string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await platform.App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
    }
}

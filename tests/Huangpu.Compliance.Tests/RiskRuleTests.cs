using Huangpu.Compliance.Infrastructure;
using Huangpu.Compliance.Risk;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using Huangpu.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.Compliance.Tests;

/// <summary>
/// Each risk rule fires on a crafted sequence of events and stays silent on a clean one, once under redelivery,
/// against a real PostgreSQL with Compliance's migrations and MassTransit's in-memory harness.
/// </summary>
public sealed class RiskRuleTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ComplianceDbContext>(o => o.UseNpgsql(postgres.ConnectionStringFor("compliance_risk")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(RiskRules.Load(Path.Combine(AppContext.BaseDirectory, "Risk", "Data", "risk-rules.json")));
        services.AddMassTransitTestHarness(RiskEvaluator.Register);
        _services = services.BuildServiceProvider();
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ComplianceDbContext>().Database.MigrateAsync();
        }

        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_serious_dishonesty_listing_between_approval_and_payment_raises_one_alert_in_either_order_and_under_redelivery()
    {
        // Approved, then listed (the listing delivered twice): one alert.
        var (uscc, application) = (TestCodes.NewUscc(), Guid.NewGuid());
        await PublishAsync(Approved(uscc, application));
        var listing = Listed(uscc);
        var redelivered = Guid.NewGuid();
        await PublishAsync(listing, redelivered);
        await PublishAsync(listing, redelivered);
        await PublishAsync(listing); // the same record again under a new message
        var alert = Assert.Single(await AlertsAsync(uscc));
        Assert.Equal((RiskRules.CreditAfterApproval, application), (alert.RuleId, alert.ApplicationId));
        Assert.Contains(redelivered, alert.EvidenceMessageIds);
        Assert.Equal(1, await EventsAsync("AlertRaised", uscc));

        // Listed first, then approved: the same rule fires for the new award.
        var (other, second) = (TestCodes.NewUscc(), Guid.NewGuid());
        await PublishAsync(Listed(other));
        await PublishAsync(Approved(other, second));
        Assert.Equal(second, Assert.Single(await AlertsAsync(other)).ApplicationId);
    }

    [Fact]
    public async Task A_listing_after_payment_or_of_another_kind_or_removed_raises_nothing()
    {
        var (uscc, application) = (TestCodes.NewUscc(), Guid.NewGuid());
        await PublishAsync(Approved(uscc, application));
        await PublishAsync(new PaymentDisbursed
        {
            PaymentId = Guid.NewGuid(),
            ApplicationId = application,
            OrganizationUscc = uscc,
            AmountFen = 1_000_000,
            OffsetFen = 0,
            TreasuryReference = "GK-1",
            OccurredAt = DateTimeOffset.UtcNow,
            Actor = "treasury",
            ActorRole = "partner_bureau",
        });
        await PublishAsync(Listed(uscc));

        var (pending, open) = (TestCodes.NewUscc(), Guid.NewGuid());
        await PublishAsync(Approved(pending, open));
        await PublishAsync(Listed(pending) with { Kind = "Unspecified" });
        await PublishAsync(Listed(pending) with { RemovedOn = new DateOnly(2026, 3, 2) });

        Assert.Empty(await AlertsAsync(uscc));
        Assert.Empty(await AlertsAsync(pending));
    }

    [Fact]
    public async Task A_reconciliation_difference_raises_one_alert_per_instruction_and_kind()
    {
        var uscc = TestCodes.NewUscc();
        var instruction = Guid.NewGuid();
        ReconciliationDifferenceFound Difference(string kind) => new()
        {
            ReconciliationId = Guid.NewGuid(),
            Date = new DateOnly(2026, 6, 1),
            Kind = kind,
            InstructionId = instruction,
            PaymentId = Guid.NewGuid(),
            ApplicationId = Guid.NewGuid(),
            OrganizationUscc = uscc,
            LedgerFen = 1_000_000,
            TreasuryFen = 999_900,
            OccurredAt = DateTimeOffset.UtcNow,
            Actor = "system",
            ActorRole = "system",
        };
        await PublishAsync(Difference("AMOUNT_MISMATCH"));
        await PublishAsync(Difference("AMOUNT_MISMATCH")); // a later run of the same date
        await PublishAsync(Difference("MISSING_AT_TREASURY"));
        var alerts = await AlertsAsync(uscc);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(RiskRules.ReconciliationDifference, a.RuleId));
    }

    [Fact]
    public void Every_rule_in_the_data_has_its_condition_and_cites_a_clause()
    {
        var rules = RiskRules.Load(Path.Combine(AppContext.BaseDirectory, "Risk", "Data", "risk-rules.json"));
        Assert.Equal(RiskRules.Implemented.Order(StringComparer.Ordinal), rules.All.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Throws<InvalidOperationException>(() => new RiskRules([.. rules.All, new RiskRule("NEW_RULE", "条款", "理由", "reason", ["X"])]));
        Assert.Throws<InvalidOperationException>(() => new RiskRules(rules.All.Skip(1)));
    }

    [Fact]
    public void The_risk_consumer_handles_exactly_the_events_the_map_binds_to_its_queue()
    {
        var handled = typeof(RiskEvaluator).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]);
        Assert.Equal(EventSubscriptions.Risk.Events.OrderBy(t => t.Name), handled.OrderBy(t => t.Name));
    }

    private static ApplicationApproved Approved(string uscc, Guid application) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        AmountFen = 1_000_000,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "officer-a",
        ActorRole = "case_officer",
    };

    private static CreditStatusChanged Listed(string uscc) => new()
    {
        Uscc = uscc,
        SourceRecordId = $"CR-{uscc}",
        Kind = RiskEvaluator.SeriousDishonesty,
        ListedOn = new DateOnly(2026, 3, 1),
        OrganizationRegistered = true,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "credit",
        ActorRole = "partner_bureau",
    };

    private async Task PublishAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        var before = _harness.Consumed.Select<T>(m => m.Context.MessageId == id).Count();
        await _harness.Bus.Publish(message, context => context.MessageId = id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_harness.Consumed.Select<T>(m => m.Context.MessageId == id).Count() == before && messageId is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "not consumed in time");
            await Task.Delay(10);
        }

        await _harness.InactivityTask;
    }

    private async Task<List<Alert>> AlertsAsync(string uscc)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplianceDbContext>().Alerts.AsNoTracking().Where(a => a.OrganizationUscc == uscc).ToListAsync();
    }

    private async Task<int> EventsAsync(string type, string uscc)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplianceDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE message_type LIKE {"%" + type} AND body::text LIKE {"%" + uscc + "%"}")
            .SingleAsync();
    }
}

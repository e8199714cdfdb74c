using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Compliance.Risk;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using Huangpu.Contracts.Review;
using Huangpu.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.Compliance.Tests;

/// <summary>
/// Each risk rule fires on a crafted sequence of events and stays silent on a clean one, once under redelivery,
/// against a real PostgreSQL with Compliance's migrations and MassTransit's in-memory harness.
/// </summary>
public sealed class RiskRuleTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    /// <summary>The policy as the catalog states it: in force through 2026-12-31, item 4.2 capped at 500万元.</summary>
    private static readonly PolicyTerms Policy = new("HRS-2024-2", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), new Dictionary<string, long> { ["4.2"] = 500_000_000 });

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<ComplianceDbContext>(o => o.UseNpgsql(postgres.ConnectionStringFor("compliance_risk")));
        services.AddSingleton(_clock);
        services.AddSingleton(new PolicyCalendar(_clock, TimeZoneInfo.FindSystemTimeZoneById(PolicyCalendar.DefaultZone)));
        services.AddSingleton(RiskRules.Load(Path.Combine(AppContext.BaseDirectory, "Risk", "Data", "risk-rules.json")));
        services.AddScoped<AlertBook>();
        services.AddSingleton<IPolicyTerms>(new FixedPolicyTerms(Policy));
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
    public async Task A_project_document_of_another_organisation_raises_one_alert_and_the_same_organisation_none()
    {
        var (first, second, third) = (TestCodes.NewUscc(), TestCodes.NewUscc(), TestCodes.NewUscc());
        var (shared, own, clean) = (Sha(), Sha(), Sha());
        await PublishAsync(SubmittedStep(first, Guid.NewGuid(), [shared, own]));
        await PublishAsync(SubmittedStep(first, Guid.NewGuid(), [own])); // the same organisation reuses its own material
        var copied = Guid.NewGuid();
        var redelivered = Guid.NewGuid();
        var step = SubmittedStep(second, copied, [shared]);
        await PublishAsync(step, redelivered);
        await PublishAsync(step, redelivered);
        await PublishAsync(step with { Action = "resubmit" }); // submitted again after a supplement
        await PublishAsync(SubmittedStep(third, Guid.NewGuid(), [clean]));

        Assert.Empty(await AlertsAsync(first));
        var alert = Assert.Single(await AlertsAsync(second));
        Assert.Equal((RiskRules.SharedProjectDocument, copied, $"{shared}:{copied}"), (alert.RuleId, alert.ApplicationId, alert.Subject));
        Assert.Contains(first, alert.Summary, StringComparison.Ordinal);
        Assert.Empty(await AlertsAsync(third));
    }

    [Fact]
    public async Task An_amount_above_the_cap_raises_one_alert_however_many_award_actions_carry_it()
    {
        var (over, atCap) = (TestCodes.NewUscc(), TestCodes.NewUscc());
        var application = Guid.NewGuid();
        await PublishAsync(Approved(over, application) with { AmountFen = 500_000_001 });
        await PublishAsync(Finalised(over, application, 500_000_001));
        await PublishAsync(Approved(atCap, Guid.NewGuid()) with { AmountFen = 500_000_000 });
        await PublishAsync(Approved(atCap, Guid.NewGuid()) with { ItemCode = "14.3", AmountFen = 900_000_000 }); // no cap: set by regulation

        var alert = Assert.Single(await AlertsAsync(over));
        Assert.Equal((RiskRules.AmountAboveCap, application), (alert.RuleId, alert.ApplicationId));
        Assert.Empty(await AlertsAsync(atCap));
    }

    [Fact]
    public async Task A_submission_after_the_policy_end_raises_an_alert_and_so_does_any_award_action_on_it()
    {
        var (late, inTime) = (TestCodes.NewUscc(), TestCodes.NewUscc());
        var (lateApplication, inTimeApplication) = (Guid.NewGuid(), Guid.NewGuid());
        var lastMinute = new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.FromHours(8));
        await PublishAsync(SubmittedStep(inTime, inTimeApplication, []) with { OccurredAt = lastMinute });
        await PublishAsync(SubmittedStep(late, lateApplication, []) with { OccurredAt = lastMinute.AddMinutes(2) });
        Assert.Equal(RiskRules.SubmissionAfterPolicyEnd, Assert.Single(await AlertsAsync(late)).RuleId);

        // Later steps of an application submitted in time may continue after the end; of a late one, never.
        var nextYear = new DateTimeOffset(2027, 2, 1, 10, 0, 0, TimeSpan.FromHours(8));
        await PublishAsync(Approved(inTime, inTimeApplication) with { OccurredAt = nextYear });
        await PublishAsync(Approved(late, lateApplication) with { OccurredAt = nextYear });
        await PublishAsync(Finalised(late, lateApplication, 1_000_000));
        Assert.Empty(await AlertsAsync(inTime));
        Assert.Equal(
            [RiskRules.AwardAfterPolicyEnd, RiskRules.SubmissionAfterPolicyEnd],
            (await AlertsAsync(late)).Select(a => a.RuleId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_conflict_of_an_expert_found_after_scoring_raises_one_alert_in_either_order()
    {
        var (applicant, other) = (TestCodes.NewUscc(), TestCodes.NewUscc());
        var (expert, application) = (Guid.NewGuid().ToString(), Guid.NewGuid());
        await PublishAsync(Scored(expert, applicant, application));
        await PublishAsync(Ties(expert, other, [])); // a clean declaration
        Assert.Empty(await AlertsAsync(applicant));

        var redelivered = Guid.NewGuid();
        await PublishAsync(Ties(expert, other, [applicant]), redelivered);
        await PublishAsync(Ties(expert, other, [applicant]), redelivered);
        await PublishAsync(Ties(expert, applicant, [applicant])); // declared again, as employer too
        var alert = Assert.Single(await AlertsAsync(applicant));
        Assert.Equal((RiskRules.ExpertConflictAfterScoring, $"{expert}:{application}"), (alert.RuleId, alert.Subject));

        // Declared first, scored after: the same rule.
        var (second, secondApplication) = (Guid.NewGuid().ToString(), Guid.NewGuid());
        var employer = TestCodes.NewUscc();
        await PublishAsync(Ties(second, employer, []));
        await PublishAsync(Scored(second, employer, secondApplication));
        Assert.Equal(secondApplication, Assert.Single(await AlertsAsync(employer)).ApplicationId);
    }

    [Fact]
    public async Task From_thirty_days_before_the_end_one_reminder_a_day_is_raised()
    {
        var job = ActivatorUtilities.CreateInstance<PolicyLifecycleJob>(_services, Microsoft.Extensions.Options.Options.Create(new PolicyLifecycleOptions()));
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(0, await job.RemindAsync(CancellationToken.None)); // 31 days before
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.FromHours(8)));
        Assert.Equal(1, await job.RemindAsync(CancellationToken.None));
        Assert.Equal(0, await job.RemindAsync(CancellationToken.None)); // the same day again
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(8)));
        // Two replicas on the last day: while one holds the reminders' lock the other waits; it then raises the day's
        // reminder, and the first, running after it, finds it raised.
        var other = ActivatorUtilities.CreateInstance<PolicyLifecycleJob>(_services, Microsoft.Extensions.Options.Options.Create(new PolicyLifecycleOptions()));
        Task<int> waiting;
        await using (var holder = _services.CreateAsyncScope())
        {
            var db = holder.ServiceProvider.GetRequiredService<ComplianceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.LockAsync(PolicyLifecycleJob.LockName, CancellationToken.None);
            waiting = other.RemindAsync(CancellationToken.None);
            await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.False(waiting.IsCompleted, "a replica raised the reminders while another held their lock");
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await waiting);
        Assert.Equal(0, await job.RemindAsync(CancellationToken.None));
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.FromHours(8)));
        Assert.Equal(0, await job.RemindAsync(CancellationToken.None)); // ended

        await using var scope = _services.CreateAsyncScope();
        var reminders = await scope.ServiceProvider.GetRequiredService<ComplianceDbContext>().Alerts.AsNoTracking()
            .Where(a => a.RuleId == RiskRules.PolicyEnding).Select(a => a.Subject).ToListAsync();
        Assert.Equal(["HRS-2024-2:2026-12-01", "HRS-2024-2:2026-12-31"], reminders.Order(StringComparer.Ordinal));
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

    private static string Sha() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));

    private static ApplicationTransitioned SubmittedStep(string uscc, Guid application, IReadOnlyList<string> documents) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        Action = "submit",
        From = "DRAFT",
        To = "SUBMITTED",
        Version = 2,
        ProjectDocumentSha256s = documents,
        OccurredAt = new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.FromHours(8)),
        Actor = "applicant-1",
        ActorRole = "applicant",
    };

    private static AwardFinalised Finalised(string uscc, Guid application, long amountFen) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        AmountFen = amountFen,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "system",
        ActorRole = "system",
    };

    private static ScoreSubmitted Scored(string expert, string uscc, Guid application) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        ExpertId = expert,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = expert,
        ActorRole = "expert",
    };

    private static ExpertTiesChanged Ties(string expert, string employer, IReadOnlyList<string> ties) => new()
    {
        ExpertId = expert,
        EmployerUscc = employer,
        Ties = ties,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "officer-a",
        ActorRole = "case_officer",
    };

    private sealed class FixedPolicyTerms(PolicyTerms terms) : IPolicyTerms
    {
        public Task<IReadOnlyList<PolicyTerms>> AllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PolicyTerms>>([terms]);
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

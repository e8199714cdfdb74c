using Huangpu.BuildingBlocks.Inbox;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Compliance;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Risk;

/// <summary>
/// Evaluates the risk rules on the events that can make them fire, once per message (inbox). An alert is raised
/// once per rule and subject (<see cref="AlertRaised"/>): redelivery, or the same facts arriving in another
/// order, raise nothing new.
/// </summary>
public sealed class RiskEvaluator(ComplianceDbContext db, RiskRules rules, TimeProvider clock) :
    IConsumer<ApplicationApproved>,
    IConsumer<PaymentDisbursed>,
    IConsumer<CreditStatusChanged>,
    IConsumer<ReconciliationDifferenceFound>
{
    /// <summary>The Registry's kind of a serious-dishonesty listing (严重失信).</summary>
    public const string SeriousDishonesty = "SeriousDishonesty";

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RiskEvaluator>().Endpoint(e => e.Name = EventSubscriptions.Risk.Queue);

    public Task Consume(ConsumeContext<ApplicationApproved> context) => OnceAsync(context, async (approved, id, ct) =>
    {
        var award = await db.WatchedAwards.FindAsync([approved.ApplicationId], ct);
        if (award is null)
        {
            award = new WatchedAward { ApplicationId = approved.ApplicationId, OrganizationUscc = approved.OrganizationUscc, ApprovedMessageId = id, ApprovedAt = approved.OccurredAt };
            db.WatchedAwards.Add(award);
        }

        // Listed before this approval and still listed: the award is already between approval and payment.
        var listings = await db.WatchedListings.Where(l => l.OrganizationUscc == approved.OrganizationUscc && !l.Removed).ToListAsync(ct);
        foreach (var listing in listings)
        {
            await CreditAfterApprovalAsync(award, listing, ct);
        }
    });

    public Task Consume(ConsumeContext<PaymentDisbursed> context) => OnceAsync(context, async (paid, _, ct) =>
    {
        if (await db.WatchedAwards.FindAsync([paid.ApplicationId], ct) is { } award)
        {
            award.PaidAt ??= paid.OccurredAt;
        }
    });

    public Task Consume(ConsumeContext<CreditStatusChanged> context) => OnceAsync(context, async (changed, id, ct) =>
    {
        if (changed.Kind != SeriousDishonesty)
        {
            return;
        }

        var listing = await db.WatchedListings.FindAsync([changed.SourceRecordId], ct);
        if (listing is null)
        {
            listing = new WatchedListing { SourceRecordId = changed.SourceRecordId, OrganizationUscc = changed.Uscc, MessageId = id };
            db.WatchedListings.Add(listing);
        }

        listing.Removed = changed.RemovedOn is not null;
        if (listing.Removed)
        {
            return;
        }

        // Every award of the organisation approved and not yet paid.
        var open = await db.WatchedAwards.Where(a => a.OrganizationUscc == changed.Uscc && a.PaidAt == null).ToListAsync(ct);
        foreach (var award in open)
        {
            await CreditAfterApprovalAsync(award, listing, ct);
        }
    });

    public Task Consume(ConsumeContext<ReconciliationDifferenceFound> context) => OnceAsync(context, (difference, id, ct) =>
        RaiseAsync(
            rules[RiskRules.ReconciliationDifference],
            $"{difference.InstructionId}:{difference.Kind}",
            difference.OrganizationUscc,
            difference.ApplicationId,
            $"{difference.Date:yyyy-MM-dd} 指令 {difference.InstructionId} {difference.Kind}（台账 {difference.LedgerFen} 分，国库 {difference.TreasuryFen} 分）",
            [id],
            ct));

    private Task CreditAfterApprovalAsync(WatchedAward award, WatchedListing listing, CancellationToken cancellationToken) =>
        RaiseAsync(
            rules[RiskRules.CreditAfterApproval],
            award.ApplicationId.ToString(),
            award.OrganizationUscc,
            award.ApplicationId,
            $"申请 {award.ApplicationId} 获批未拨付，失信记录 {listing.SourceRecordId}",
            [award.ApprovedMessageId, listing.MessageId],
            cancellationToken);

    private async Task RaiseAsync(RiskRule rule, string subject, string uscc, Guid? applicationId, string detail, IReadOnlyList<Guid> evidence, CancellationToken cancellationToken)
    {
        if (await db.Alerts.AnyAsync(a => a.RuleId == rule.Id && a.Subject == subject, cancellationToken)
            || db.Alerts.Local.Any(a => a.RuleId == rule.Id && a.Subject == subject))
        {
            return;
        }

        var alert = Alert.Raise(rule, subject, uscc, applicationId, detail, evidence, clock.GetUtcNow());
        db.Alerts.Add(alert);
        db.AddIntegrationEvent(new AlertRaised
        {
            AlertId = alert.Id,
            RuleId = rule.Id,
            Clause = rule.Clause,
            OrganizationUscc = uscc,
            ApplicationId = applicationId,
            Description = alert.Summary,
            OccurredAt = alert.RaisedAt,
            Actor = "system",
            ActorRole = "system",
        });
    }

    private async Task OnceAsync<T>(ConsumeContext<T> context, Func<T, Guid, CancellationToken, Task> evaluate)
        where T : class
    {
        var id = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be evaluated once.");
        await db.ApplyOnceAsync(id, nameof(RiskEvaluator), clock.GetUtcNow(), ct => evaluate(context.Message, id, ct), context.CancellationToken);
    }
}

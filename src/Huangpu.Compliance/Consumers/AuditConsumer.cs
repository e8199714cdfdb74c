using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Auditing;
using Huangpu.Contracts.Compliance;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using Huangpu.Contracts.Review;
using MassTransit;

namespace Huangpu.Compliance.Consumers;

/// <summary>
/// Files every integration event in the audit trail, once per message (inbox). Events arrive in batches
/// (up to <see cref="BatchSize"/>, or whatever came within <see cref="BatchWindow"/>): each batch extends the
/// hash chain in one transaction, so the trail keeps up with a busy platform.
/// </summary>
public sealed class AuditConsumer(ComplianceDbContext db, AuditTrail trail, TimeProvider clock) :
    IConsumer<Batch<OrganizationRegistered>>,
    IConsumer<Batch<OrganizationChanged>>,
    IConsumer<Batch<CreditStatusChanged>>,
    IConsumer<Batch<OrganizationContactRead>>,
    IConsumer<Batch<ApplicationTransitioned>>,
    IConsumer<Batch<ReviewRequested>>,
    IConsumer<Batch<ApplicationApproved>>,
    IConsumer<Batch<ApplicationDeclined>>,
    IConsumer<Batch<NoticePublished>>,
    IConsumer<Batch<ObjectionFiled>>,
    IConsumer<Batch<ObjectionResolved>>,
    IConsumer<Batch<AwardFinalised>>,
    IConsumer<Batch<PanelDrawn>>,
    IConsumer<Batch<PanelPending>>,
    IConsumer<Batch<ScoreSubmitted>>,
    IConsumer<Batch<ReviewCompleted>>,
    IConsumer<Batch<FairCompetitionOpinionRecorded>>,
    IConsumer<Batch<PaymentOrdered>>,
    IConsumer<Batch<PaymentHeld>>,
    IConsumer<Batch<PaymentDisbursed>>,
    IConsumer<Batch<PaymentFailed>>,
    IConsumer<Batch<RecoveryRecorded>>,
    IConsumer<Batch<ReconciliationDifferenceFound>>,
    IConsumer<Batch<ClawbackOrdered>>,
    IConsumer<Batch<CaseTransitioned>>,
    IConsumer<Batch<CreditRecordProposed>>,
    IConsumer<Batch<AlertRaised>>,
    IConsumer<Batch<ApiCallRecorded>>,
    IConsumer<Batch<AccessRefused>>,
    IConsumer<Batch<ExpertTiesChanged>>,
    IConsumer<Batch<EligibilityChecked>>
{
    public const int BatchSize = 100;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    public Task Consume(ConsumeContext<Batch<OrganizationRegistered>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<OrganizationChanged>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<CreditStatusChanged>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<OrganizationContactRead>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ApplicationTransitioned>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ReviewRequested>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ApplicationApproved>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ApplicationDeclined>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<NoticePublished>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ObjectionFiled>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ObjectionResolved>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<AwardFinalised>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PanelDrawn>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PanelPending>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ScoreSubmitted>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ReviewCompleted>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<FairCompetitionOpinionRecorded>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentOrdered>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentHeld>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentDisbursed>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentFailed>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<RecoveryRecorded>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ReconciliationDifferenceFound>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ClawbackOrdered>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<CaseTransitioned>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<CreditRecordProposed>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<AlertRaised>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ApiCallRecorded>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<AccessRefused>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<ExpertTiesChanged>> context) => AuditAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<EligibilityChecked>> context) => AuditAsync(context.Message, context.CancellationToken);

    /// <summary>How the consumer is registered: batched, one batch at a time per event type.</summary>
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AuditConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(BatchWindow).SetConcurrencyLimit(1)))
            .Endpoint(e => e.Name = EventSubscriptions.Audit.Queue);

    private async Task AuditAsync<T>(Batch<T> batch, CancellationToken cancellationToken)
        where T : IntegrationEvent
    {
        var events = batch
            .Select(m => (m.MessageId ?? throw new InvalidOperationException("An integration event without a MessageId cannot be audited once."), (IntegrationEvent)m.Message))
            .ToList();
        await db.ApplyOnceAsync(events, nameof(AuditConsumer), clock.GetUtcNow(), (fresh, ct) => trail.AppendAllAsync(fresh, ct), cancellationToken);
    }
}

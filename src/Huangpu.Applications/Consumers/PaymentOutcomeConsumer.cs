using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Contracts;
using Huangpu.Contracts.Payments;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Applications.Consumers;

/// <summary>
/// Moves a final award to PAYMENT_REQUESTED when Payments raised its order, and to PAID when it was disbursed,
/// once per message (inbox), whichever of the two arrives first.
/// </summary>
public sealed partial class PaymentOutcomeConsumer(ApplicationsDbContext db, PolicyCalendar calendar, ILogger<PaymentOutcomeConsumer> logger) :
    IConsumer<PaymentOrdered>,
    IConsumer<PaymentDisbursed>
{
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<PaymentOutcomeConsumer>().Endpoint(e => e.Name = EventSubscriptions.PaymentOutcomes.Queue);

    public async Task Consume(ConsumeContext<PaymentOrdered> context)
    {
        var ordered = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once.");
        var now = calendar.Now();
        await db.ApplyOnceAsync(messageId, nameof(PaymentOutcomeConsumer), now, async ct =>
        {
            var application = await db.Applications.FromSql($"SELECT * FROM applications WHERE id = {ordered.ApplicationId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (application?.Status != ApplicationStatus.Final)
            {
                LogIgnored(logger, ordered.ApplicationId, application?.Status);
                return;
            }

            var steps = application.Lifecycle.History.Count;
            application.Lifecycle.RequestPayment(now, $"拨付指令 {ordered.PaymentId}，{ordered.AmountFen} 分 / payment {ordered.PaymentId} of {ordered.AmountFen} fen ordered");
            ApplicationEvents.Record(db, application, steps, now);
        }, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<PaymentDisbursed> context)
    {
        var paid = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once.");
        var now = calendar.Now();
        await db.ApplyOnceAsync(messageId, nameof(PaymentOutcomeConsumer), now, async ct =>
        {
            var application = await db.Applications.FromSql($"SELECT * FROM applications WHERE id = {paid.ApplicationId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (application?.Status is not (ApplicationStatus.Final or ApplicationStatus.PaymentRequested))
            {
                LogIgnored(logger, paid.ApplicationId, application?.Status);
                return;
            }

            var steps = application.Lifecycle.History.Count;
            if (application.Status == ApplicationStatus.Final)
            {
                application.Lifecycle.RequestPayment(now, $"拨付指令 {paid.PaymentId} / payment {paid.PaymentId} ordered");
            }

            application.Lifecycle.MarkPaid(now, $"已拨付 {paid.AmountFen} 分（抵扣 {paid.OffsetFen} 分），国库凭证 {paid.TreasuryReference} / paid");
            ApplicationEvents.Record(db, application, steps, now);
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A payment event for application {ApplicationId} ignored: it is {Status}")]
    private static partial void LogIgnored(ILogger logger, Guid applicationId, ApplicationStatus? status);
}

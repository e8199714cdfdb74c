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
/// once per message (inbox), whichever of the two arrives first. Events arrive in batches (up to
/// <see cref="BatchSize"/>, or whatever came within <see cref="BatchWindow"/>), each batch one transaction.
/// </summary>
public sealed partial class PaymentOutcomeConsumer(ApplicationsDbContext db, PolicyCalendar calendar, ILogger<PaymentOutcomeConsumer> logger) :
    IConsumer<Batch<PaymentOrdered>>,
    IConsumer<Batch<PaymentDisbursed>>
{
    public const int BatchSize = 100;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<PaymentOutcomeConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(BatchWindow).SetConcurrencyLimit(1)))
            .Endpoint(e => e.Name = EventSubscriptions.PaymentOutcomes.Queue);

    public Task Consume(ConsumeContext<Batch<PaymentOrdered>> context) =>
        ApplyAsync(context.Message, m => m.ApplicationId, (application, ordered, now) =>
        {
            if (application.Status != ApplicationStatus.Final)
            {
                return false;
            }

            application.Lifecycle.RequestPayment(now, $"拨付指令 {ordered.PaymentId}，{ordered.AmountFen} 分 / payment {ordered.PaymentId} of {ordered.AmountFen} fen ordered");
            return true;
        }, context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<PaymentDisbursed>> context) =>
        ApplyAsync(context.Message, m => m.ApplicationId, (application, paid, now) =>
        {
            if (application.Status is not (ApplicationStatus.Final or ApplicationStatus.PaymentRequested))
            {
                return false;
            }

            if (application.Status == ApplicationStatus.Final)
            {
                application.Lifecycle.RequestPayment(now, $"拨付指令 {paid.PaymentId} / payment {paid.PaymentId} ordered");
            }

            application.Lifecycle.MarkPaid(now, $"已拨付 {paid.AmountFen} 分（抵扣 {paid.OffsetFen} 分），国库凭证 {paid.TreasuryReference} / paid");
            return true;
        }, context.CancellationToken);

    /// <summary>Locks the batch's applications in one statement and moves each; an event for an application in another state is logged and left.</summary>
    private async Task ApplyAsync<T>(Batch<T> batch, Func<T, Guid> applicationOf, Func<Application, T, DateTimeOffset, bool> move, CancellationToken cancellationToken)
        where T : class
    {
        var now = calendar.Now();
        var messages = batch
            .Select(m => (m.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once."), m.Message))
            .ToList();
        await db.ApplyOnceAsync(messages, nameof(PaymentOutcomeConsumer), now, async (fresh, ct) =>
        {
            var ids = fresh.Select(f => applicationOf(f.Item)).Distinct().Order().ToArray();
            var applications = await db.Applications.FromSql($"SELECT * FROM applications WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToDictionaryAsync(a => a.Id, ct);
            foreach (var (_, message) in fresh)
            {
                var application = applications.GetValueOrDefault(applicationOf(message));
                var steps = application?.Lifecycle.History.Count ?? 0;
                if (application is null || !move(application, message, now))
                {
                    LogIgnored(logger, typeof(T).Name, applicationOf(message), application?.Status);
                    continue;
                }

                ApplicationEvents.Record(db, application, steps, now);
            }
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Event} for application {ApplicationId} ignored: it is {Status}")]
    private static partial void LogIgnored(ILogger logger, string @event, Guid applicationId, ApplicationStatus? status);
}

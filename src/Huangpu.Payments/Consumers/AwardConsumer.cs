using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Compliance;
using Huangpu.Contracts.Payments;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Huangpu.Payments.Ledger;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Payments.Consumers;

/// <summary>
/// An award became final: its commitment is obligated in the ledger and one payment order raised
/// (<see cref="PaymentOrdered"/>); a declined application's commitment, if any, is released; a clawback opens a
/// receivable for what was paid (or stops a payment not yet made). Once per message (inbox), and once per
/// application or case whatever the messages (orders are unique per application, receivables per case).
/// </summary>
public sealed partial class AwardConsumer(PaymentsDbContext db, BudgetLedger ledger, PaymentBook book, PaymentDispatchSignal dispatchSignal, PolicyCalendar calendar, ILogger<AwardConsumer> logger) :
    IConsumer<AwardFinalised>,
    IConsumer<ApplicationDeclined>,
    IConsumer<ClawbackOrdered>
{
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AwardConsumer>().Endpoint(e => e.Name = EventSubscriptions.Payments.Queue);

    public async Task Consume(ConsumeContext<AwardFinalised> context)
    {
        var award = context.Message;
        var now = calendar.Now();
        await db.ApplyOnceAsync(Id(context), nameof(AwardConsumer), now, async ct =>
        {
            var commitment = await db.Commitments.SingleOrDefaultAsync(c => c.ApplicationId == award.ApplicationId, ct);
            var year = commitment?.Year ?? calendar.DateOf(now).Year;
            // Committed → obligated leaves the budget's available amount as it is: only the award is locked (its
            // duplicates wait here). An award never committed takes from what is available: the year's lock.
            await ledger.LockAwardAsync(award.ApplicationId, ct);
            if (commitment is not { Released: false })
            {
                await ledger.LockYearAsync(year, ct);
            }

            if (await db.PaymentOrders.AnyAsync(o => o.ApplicationId == award.ApplicationId, ct))
            {
                return;
            }

            var where = commitment?.Dimensions ?? new PostingDimensions(year, string.Empty, award.ItemCode, award.OrganizationUscc, award.ApplicationId);
            // The committed amount moves on to obligated; a final award that was never committed (approved before
            // budgets existed) is obligated from what is available.
            ledger.Post(LedgerEntry.Move(
                PostingKind.Obligate,
                commitment is { Released: false } ? LedgerAccount.Committed : LedgerAccount.Available,
                LedgerAccount.Obligated,
                award.AmountFen,
                where,
                "公示期满，确认应付 / award final: obligated",
                now));
            var order = PaymentOrder.Raise(award.ApplicationId, award.OrganizationUscc, award.PolicyId, award.ItemCode, commitment?.GroupCode ?? string.Empty, award.AmountFen, year, now);
            db.PaymentOrders.Add(order);
            db.AddIntegrationEvent(new PaymentOrdered
            {
                PaymentId = order.Id,
                ApplicationId = award.ApplicationId,
                OrganizationUscc = award.OrganizationUscc,
                AmountFen = award.AmountFen,
                OccurredAt = now,
                Actor = "system",
                ActorRole = "system",
            });
        }, context.CancellationToken);
        dispatchSignal.Notify();
    }

    public async Task Consume(ConsumeContext<ApplicationDeclined> context)
    {
        var declined = context.Message;
        var now = calendar.Now();
        await db.ApplyOnceAsync(Id(context), nameof(AwardConsumer), now, async ct =>
        {
            var commitment = await db.Commitments.SingleOrDefaultAsync(c => c.ApplicationId == declined.ApplicationId, ct);
            if (commitment is not { Released: false })
            {
                return; // declined before any approval: nothing was committed
            }

            await ledger.LockYearAsync(commitment.Year, ct);
            commitment.Release();
            ledger.Post(LedgerEntry.Move(PostingKind.Release, LedgerAccount.Committed, LedgerAccount.Available, commitment.AmountFen, commitment.Dimensions, "不予奖励，释放承诺 / declined: commitment released", now));
        }, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<ClawbackOrdered> context)
    {
        var clawback = context.Message;
        var now = calendar.Now();
        await db.ApplyOnceAsync(Id(context), nameof(AwardConsumer), now, async ct =>
        {
            if (await db.Receivables.AnyAsync(r => r.CaseId == clawback.CaseId, ct))
            {
                return;
            }

            var order = await db.PaymentOrders.FromSql($"SELECT * FROM payment_orders WHERE application_id = {clawback.ApplicationId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (order is null)
            {
                LogNoPayment(logger, clawback.ApplicationId, clawback.CaseId);
                return;
            }

            book.OpenReceivable(order, clawback.CaseId, clawback.AmountFen, clawback.LegalBasis, clawback.Evidence, new PaymentActor(clawback.Actor, clawback.ActorRole), now);
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ClawbackOrdered on application {ApplicationId} (case {CaseId}) found no payment order: nothing to recover in Payments")]
    private static partial void LogNoPayment(ILogger logger, Guid applicationId, Guid caseId);

    private static Guid Id<T>(ConsumeContext<T> context)
        where T : class =>
        context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once.");
}

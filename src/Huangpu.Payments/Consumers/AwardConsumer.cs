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
    IConsumer<Batch<AwardFinalised>>,
    IConsumer<ApplicationDeclined>,
    IConsumer<ClawbackOrdered>
{
    /// <summary>Final awards arrive in batches (up to <see cref="BatchSize"/>, or whatever came within <see cref="BatchWindow"/>), each batch one transaction.</summary>
    public const int BatchSize = 100;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<AwardConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(BatchWindow).SetConcurrencyLimit(2)))
            .Endpoint(e => e.Name = EventSubscriptions.Payments.Queue);

    public async Task Consume(ConsumeContext<Batch<AwardFinalised>> context)
    {
        var now = calendar.Now();
        var messages = context.Message
            .Select(m => (m.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once."), m.Message))
            .ToList();
        await db.ApplyOnceAsync(messages, nameof(AwardConsumer), now, async (fresh, ct) =>
        {
            var awards = fresh.Select(f => f.Item).DistinctBy(a => a.ApplicationId).ToList();
            var ids = awards.Select(a => a.ApplicationId).ToArray();
            // Only the awards are locked (their duplicates in other batches wait here): an obligation checks no
            // budget. A final award is owed whatever the budget says; it was checked when committed at approval.
            await ledger.LockAwardsAsync(ids, ct);
            var ordered = (await db.PaymentOrders.Where(o => ids.Contains(o.ApplicationId)).Select(o => o.ApplicationId).ToListAsync(ct)).ToHashSet();
            var commitments = await db.Commitments.Where(c => ids.Contains(c.ApplicationId)).ToDictionaryAsync(c => c.ApplicationId, ct);
            foreach (var award in awards.Where(a => !ordered.Contains(a.ApplicationId)))
            {
                Obligate(award, commitments.GetValueOrDefault(award.ApplicationId), now);
            }
        }, context.CancellationToken);
        dispatchSignal.Notify();
    }

    /// <summary>
    /// The committed amount moves on to obligated. A final award never committed (approved before budgets
    /// existed), or committed at another amount, is obligated from what is available (the other commitment released).
    /// </summary>
    private void Obligate(AwardFinalised award, Commitment? commitment, DateTimeOffset now)
    {
        var year = commitment?.Year ?? calendar.DateOf(now).Year;
        var where = commitment?.Dimensions ?? new PostingDimensions(year, string.Empty, award.ItemCode, award.OrganizationUscc, award.ApplicationId);
        var committed = commitment is { Released: false };
        if (committed && commitment!.AmountFen != award.AmountFen)
        {
            commitment.Release();
            ledger.Post(LedgerEntry.Move(PostingKind.Release, LedgerAccount.Committed, LedgerAccount.Available, commitment.AmountFen, where, "终核金额与承诺不同，释放承诺 / final amount differs: commitment released", now));
            committed = false;
        }

        ledger.Post(LedgerEntry.Move(
            PostingKind.Obligate,
            committed ? LedgerAccount.Committed : LedgerAccount.Available,
            LedgerAccount.Obligated,
            award.AmountFen,
            where,
            "公示期满，确认应付 / award final: obligated",
            now));
        var order = PaymentOrder.Raise(award.ApplicationId, award.OrganizationUscc, award.PolicyId, award.ItemCode, where.GroupCode, award.AmountFen, year, now);
        db.PaymentOrders.Add(order);
        db.AddIntegrationEvent(new PaymentOrdered
        {
            PaymentId = order.Id,
            ApplicationId = award.ApplicationId,
            OrganizationUscc = award.OrganizationUscc,
            AmountFen = award.AmountFen,
            OccurredAt = now,
            Actor = PaymentActor.System.Name,
            ActorRole = PaymentActor.System.Role,
        });
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

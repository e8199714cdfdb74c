using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Payments;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Huangpu.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Payments.Disbursement;

/// <summary>Who caused a move: a person or bureau with its role, or the platform itself.</summary>
public sealed record PaymentActor(string Name, string Role)
{
    public static PaymentActor System { get; } = new("system", "system");
}

/// <summary>
/// Each move of a payment order together with its ledger postings and its event, staged on the one context so
/// they commit together (the caller owns the transaction): an order is never disbursed without its posting, nor a
/// posting made without its event.
/// </summary>
public sealed class PaymentBook(PaymentsDbContext db, BudgetLedger ledger)
{
    /// <summary>Reads an order and locks its row until the transaction ends; null when there is none.</summary>
    public Task<PaymentOrder?> LockAsync(Guid paymentId, CancellationToken cancellationToken) =>
        db.PaymentOrders.FromSql($"SELECT * FROM payment_orders WHERE id = {paymentId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>The order an instruction belongs to, locked; null when there is none.</summary>
    public async Task<PaymentOrder?> LockByInstructionAsync(Guid instructionId, CancellationToken cancellationToken) =>
        await db.TreasuryInstructions.Where(i => i.Id == instructionId).Select(i => (Guid?)i.PaymentId).SingleOrDefaultAsync(cancellationToken) is { } paymentId
            ? await LockAsync(paymentId, cancellationToken)
            : null;

    /// <summary>Not eligible on the payment date: held with its rules.</summary>
    public void Hold(PaymentOrder order, IReadOnlyList<string> rules, DateTimeOffset now)
    {
        order.Hold(rules, now);
        db.AddIntegrationEvent(new PaymentHeld
        {
            PaymentId = order.Id,
            ApplicationId = order.ApplicationId,
            OrganizationUscc = order.OrganizationUscc,
            Rules = rules,
            OccurredAt = now,
            Actor = PaymentActor.System.Name,
            ActorRole = PaymentActor.System.Role,
        });
    }

    /// <summary>Eligible: the instruction is written (once per key) before it goes out.</summary>
    public async Task<TreasuryInstruction> SendAsync(PaymentOrder order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = order.Send(now);
        var instruction = await db.TreasuryInstructions.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instruction is null)
        {
            instruction = TreasuryInstruction.For(order, id, now);
            db.TreasuryInstructions.Add(instruction);
        }

        return instruction;
    }

    /// <summary>
    /// The treasury's word on an instruction (its answer, its status or its confirmation, in any order and any
    /// number of times): the order moves at most once per outcome, and a settlement posts the disbursement and
    /// raises <see cref="PaymentDisbursed"/> exactly once.
    /// </summary>
    public async Task<PaymentOrder?> ApplyAsync(TreasuryAnswer answer, PaymentActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = await LockByInstructionAsync(answer.InstructionId, cancellationToken);
        var instruction = await db.TreasuryInstructions.SingleOrDefaultAsync(i => i.Id == answer.InstructionId, cancellationToken);
        if (order is null || instruction is null || !instruction.Matches(answer.AmountFen, answer.PayeeUscc))
        {
            return order;
        }

        instruction.Record(answer.Outcome, answer.Reference, answer.SettledAt ?? now, answer.Reason);
        if (!order.Apply(answer.InstructionId, answer.Outcome, answer.Reference, answer.Reason, now))
        {
            return order;
        }

        if (order.Status == PaymentStatus.Disbursed)
        {
            Disbursed(order, instruction.AmountFen, $"国库已支付 {answer.Reference} / settled by the treasury", actor, now);
        }
        else if (order.Status == PaymentStatus.Rejected)
        {
            Failed(order, "REJECTED", answer.Reason, actor, now);
        }

        return order;
    }

    /// <summary>Finance cancels: the order's obligation goes back to the budget.</summary>
    public void Cancel(PaymentOrder order, string reason, PaymentActor actor, DateTimeOffset now)
    {
        var released = order.Cancel(reason, now);
        if (released > 0)
        {
            ledger.Post(LedgerEntry.Move(PostingKind.Cancel, LedgerAccount.Obligated, LedgerAccount.Available, released, Dimensions(order), "拨付撤销，释放应付 / payment cancelled: obligation released", now));
        }

        Failed(order, "CANCELLED", reason, actor, now);
    }

    /// <summary>Part of an unpaid award settles a receivable of the same organisation.</summary>
    public long Offset(PaymentOrder order, Receivable receivable, long wantedFen, PaymentActor actor, DateTimeOffset now)
    {
        if (order.OrganizationUscc != receivable.OrganizationUscc)
        {
            throw new PaymentOrderException("OTHER_ORGANIZATION", "A receivable is offset only against an award of the same organisation.", "应收款只能与同一机构的奖励抵扣。");
        }

        var amount = order.Offset(wantedFen == 0 ? receivable.OutstandingFen : wantedFen, now);
        receivable.Offset(amount, now);
        // The award is paid, in part, by settling the debt: its obligation is disbursed by the offset, and the
        // receivable is recovered by the same amount.
        ledger.Post(LedgerEntry.Move(PostingKind.Offset, LedgerAccount.Obligated, LedgerAccount.Disbursed, amount, Dimensions(order), $"抵扣应收款 {receivable.Id} / offset against receivable", now));
        ledger.Post(LedgerEntry.Move(PostingKind.Offset, LedgerAccount.Receivable, LedgerAccount.Recovered, amount, receivable.Dimensions, $"以申请 {order.ApplicationId} 奖励抵扣 / offset against award", now));
        if (order.Status == PaymentStatus.Disbursed)
        {
            Disbursed(order, 0, "奖励已全部抵扣应收款 / wholly offset", actor, now);
        }

        Recovered(receivable, "OFFSET", amount, actor, now);
        return amount;
    }

    /// <summary>A repayment, whole or partial, of a receivable.</summary>
    public void Repay(Receivable receivable, long amountFen, string reference, PaymentActor actor, DateTimeOffset now)
    {
        receivable.Repay(amountFen, now);
        ledger.Post(LedgerEntry.Move(PostingKind.Repay, LedgerAccount.Receivable, LedgerAccount.Recovered, amountFen, receivable.Dimensions, $"追回款到账 {reference} / repayment received", now));
        Recovered(receivable, "REPAYMENT", amountFen, actor, now);
    }

    /// <summary>A second finance officer approves the write-off a first proposed: what is outstanding is written off.</summary>
    public void ApproveWriteOff(Receivable receivable, PaymentActor actor, DateTimeOffset now)
    {
        var amount = receivable.ApproveWriteOff(actor.Name, now);
        if (amount > 0)
        {
            ledger.Post(LedgerEntry.Move(PostingKind.WriteOff, LedgerAccount.Receivable, LedgerAccount.WrittenOff, amount, receivable.Dimensions, $"核销：{receivable.WriteOffReason} / written off", now));
        }

        Recovered(receivable, "WRITE_OFF", amount, actor, now);
    }

    /// <summary>A clawback: what was paid on the award (never more than the award) becomes a receivable; a payment not yet made is stopped instead.</summary>
    public Receivable? OpenReceivable(PaymentOrder order, Guid caseId, long amountFen, string legalBasis, string evidence, PaymentActor actor, DateTimeOffset now)
    {
        if (order.IsUnpaid)
        {
            Cancel(order, $"追回令 {caseId}：停止拨付 / clawback ordered: payment stopped", actor, now);
            return null;
        }

        var amount = Math.Min(amountFen, order.AmountFen);
        var receivable = Receivable.Open(caseId, order, amount, legalBasis, evidence, now);
        db.Receivables.Add(receivable);
        ledger.Post(LedgerEntry.Move(PostingKind.Clawback, LedgerAccount.Disbursed, LedgerAccount.Receivable, amount, receivable.Dimensions, $"追回令 {caseId}（{legalBasis}）/ clawback ordered", now));
        return receivable;
    }

    private void Recovered(Receivable receivable, string kind, long amountFen, PaymentActor actor, DateTimeOffset now) =>
        db.AddIntegrationEvent(new RecoveryRecorded
        {
            ReceivableId = receivable.Id,
            ApplicationId = receivable.ApplicationId,
            OrganizationUscc = receivable.OrganizationUscc,
            Kind = kind,
            AmountFen = amountFen,
            OutstandingFen = receivable.OutstandingFen,
            OccurredAt = now,
            Actor = actor.Name,
            ActorRole = actor.Role,
        });

    private void Disbursed(PaymentOrder order, long sentFen, string memo, PaymentActor actor, DateTimeOffset now)
    {
        if (sentFen > 0)
        {
            ledger.Post(LedgerEntry.Move(PostingKind.Disburse, LedgerAccount.Obligated, LedgerAccount.Disbursed, sentFen, Dimensions(order), memo, now));
        }

        db.AddIntegrationEvent(new PaymentDisbursed
        {
            PaymentId = order.Id,
            ApplicationId = order.ApplicationId,
            OrganizationUscc = order.OrganizationUscc,
            AmountFen = order.AmountFen,
            OffsetFen = order.OffsetFen,
            TreasuryReference = order.TreasuryReference,
            OccurredAt = now,
            Actor = actor.Name,
            ActorRole = actor.Role,
        });
    }

    private void Failed(PaymentOrder order, string outcome, string reason, PaymentActor actor, DateTimeOffset now) =>
        db.AddIntegrationEvent(new PaymentFailed
        {
            PaymentId = order.Id,
            ApplicationId = order.ApplicationId,
            OrganizationUscc = order.OrganizationUscc,
            Outcome = outcome,
            Reason = reason,
            OccurredAt = now,
            Actor = actor.Name,
            ActorRole = actor.Role,
        });

    public static PostingDimensions Dimensions(PaymentOrder order) => new(order.Year, order.GroupCode, order.ItemCode, order.OrganizationUscc, order.ApplicationId);
}

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

    /// <summary>The orders still pending among these, locked (in one order); those another transaction holds are skipped.</summary>
    public Task<List<PaymentOrder>> LockPendingAsync(IReadOnlyCollection<Guid> paymentIds, CancellationToken cancellationToken)
    {
        var ids = paymentIds.ToArray();
        var pending = nameof(PaymentStatus.Pending);
        return db.PaymentOrders.FromSql($"SELECT * FROM payment_orders WHERE id = ANY({ids}) AND status = {pending} ORDER BY id FOR UPDATE SKIP LOCKED").ToListAsync(cancellationToken);
    }

    /// <summary>The order an instruction belongs to, locked; null when there is none.</summary>
    public async Task<PaymentOrder?> LockByInstructionAsync(Guid instructionId, CancellationToken cancellationToken) =>
        (await LockByInstructionsAsync([instructionId], cancellationToken)).SingleOrDefault();

    /// <summary>The orders these instructions belong to, locked in one order.</summary>
    private Task<List<PaymentOrder>> LockByInstructionsAsync(IReadOnlyCollection<Guid> instructionIds, CancellationToken cancellationToken)
    {
        var ids = instructionIds.ToArray();
        return db.PaymentOrders.FromSql(
                $"SELECT o.* FROM payment_orders o WHERE o.id IN (SELECT i.payment_id FROM treasury_instructions i WHERE i.id = ANY({ids})) ORDER BY o.id FOR UPDATE")
            .ToListAsync(cancellationToken);
    }

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

    /// <summary>Eligible: each order's instruction is written (once per key) before it goes out.</summary>
    public async Task<IReadOnlyList<TreasuryInstruction>> SendAsync(IReadOnlyList<PaymentOrder> orders, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = orders.Select(o => o.Send(now)).ToArray();
        // An instruction the treasury never received goes out again as it was written.
        var written = await db.TreasuryInstructions.Where(i => keys.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        return [.. orders.Select(order =>
        {
            if (!written.TryGetValue(order.InstructionId!.Value, out var instruction))
            {
                instruction = TreasuryInstruction.For(order, order.InstructionId.Value, now);
                db.TreasuryInstructions.Add(instruction);
            }

            return instruction;
        })];
    }

    /// <summary>
    /// The treasury's word on an instruction (its answer, its status or its confirmation, in any order and any
    /// number of times): the order moves at most once per outcome, and a settlement posts the disbursement and
    /// raises <see cref="PaymentDisbursed"/> exactly once. Null when no such instruction was sent.
    /// </summary>
    public async Task<PaymentOrder?> ApplyAsync(TreasuryAnswer answer, PaymentActor actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ApplyAsync([answer], actor, now, cancellationToken)).GetValueOrDefault(answer.InstructionId);

    /// <summary>Many answers in one transaction: the orders are locked first, then their instructions read as they stand.</summary>
    public async Task<Dictionary<Guid, PaymentOrder>> ApplyAsync(IReadOnlyList<TreasuryAnswer> answers, PaymentActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = answers.Select(a => a.InstructionId).Distinct().ToArray();
        var orders = (await LockByInstructionsAsync(ids, cancellationToken)).ToDictionary(o => o.Id);
        var instructions = await db.TreasuryInstructions.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var applied = new Dictionary<Guid, PaymentOrder>();
        foreach (var answer in answers)
        {
            if (!instructions.TryGetValue(answer.InstructionId, out var instruction) || !orders.TryGetValue(instruction.PaymentId, out var order))
            {
                continue;
            }

            applied[answer.InstructionId] = order;
            if (!instruction.Matches(answer.AmountFen, answer.PayeeUscc))
            {
                continue;
            }

            instruction.Record(answer.Outcome, answer.Reference, answer.SettledAt ?? now, answer.Reason);
            if (!order.Apply(answer.InstructionId, answer.Outcome, answer.Reference, answer.Reason, now))
            {
                continue;
            }

            if (order.Status == PaymentStatus.Disbursed)
            {
                Disbursed(order, instruction.AmountFen, $"国库已支付 {answer.Reference} / settled by the treasury", actor, now);
            }
            else if (order.Status == PaymentStatus.Rejected)
            {
                Failed(order, "REJECTED", answer.Reason, actor, now);
            }
        }

        return applied;
    }

    /// <summary>Finance cancels: the order's obligation goes back to the budget.</summary>
    public void Cancel(PaymentOrder order, string reason, PaymentActor actor, DateTimeOffset now)
    {
        var released = order.Cancel(reason, now);
        if (released > 0)
        {
            ledger.Post(LedgerEntry.Move(PostingKind.Cancel, LedgerAccount.Obligated, LedgerAccount.Available, released, order.Dimensions, "拨付撤销，释放应付 / payment cancelled: obligation released", now));
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
        ledger.Post(LedgerEntry.Move(PostingKind.Offset, LedgerAccount.Obligated, LedgerAccount.Disbursed, amount, order.Dimensions, $"抵扣应收款 {receivable.Id} / offset against receivable", now));
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
            ledger.Post(LedgerEntry.Move(PostingKind.Disburse, LedgerAccount.Obligated, LedgerAccount.Disbursed, sentFen, order.Dimensions, memo, now));
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
}

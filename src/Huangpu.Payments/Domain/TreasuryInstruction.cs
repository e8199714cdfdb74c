namespace Huangpu.Payments.Domain;

/// <summary>
/// One instruction to the treasury (支付指令): its id is its idempotency key there, its content fixed once it is
/// written, before it goes out, so a crash after sending leaves a record the treasury's status can be asked about.
/// </summary>
public sealed class TreasuryInstruction
{
    private TreasuryInstruction()
    {
    }

    public Guid Id { get; private set; }

    public Guid PaymentId { get; private set; }

    public string PayeeUscc { get; private set; } = string.Empty;

    public string PayeeAccount { get; private set; } = string.Empty;

    public long AmountFen { get; private set; }

    /// <summary>The rejected instruction this one revises.</summary>
    public Guid? PreviousInstructionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public TreasuryOutcome? Outcome { get; private set; }

    public string TreasuryReference { get; private set; } = string.Empty;

    public DateTimeOffset? SettledAt { get; private set; }

    public string Reason { get; private set; } = string.Empty;

    public static TreasuryInstruction For(PaymentOrder order, Guid id, DateTimeOffset now) => new()
    {
        Id = id,
        PaymentId = order.Id,
        PayeeUscc = order.OrganizationUscc,
        PayeeAccount = order.PayeeAccount,
        AmountFen = order.PayableFen,
        PreviousInstructionId = order.PreviousInstructionIds.Count > 0 ? order.PreviousInstructionIds[^1] : null,
        CreatedAt = now,
    };

    /// <summary>Whether an answer speaks of this instruction as it was sent (same amount, same payee).</summary>
    public bool Matches(long amountFen, string payeeUscc) =>
        amountFen == AmountFen && string.Equals(payeeUscc, PayeeUscc, StringComparison.Ordinal);

    /// <summary>Records the treasury's last word; a final outcome (settled or rejected) is never overwritten.</summary>
    public void Record(TreasuryOutcome outcome, string reference, DateTimeOffset? settledAt, string reason)
    {
        if (Outcome is TreasuryOutcome.Settled or TreasuryOutcome.Rejected)
        {
            return;
        }

        Outcome = outcome;
        TreasuryReference = reference;
        SettledAt = outcome == TreasuryOutcome.Settled ? settledAt : null;
        Reason = reason;
    }
}

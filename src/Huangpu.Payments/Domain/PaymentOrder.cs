namespace Huangpu.Payments.Domain;

/// <summary>The contract's payment statuses (PAYMENT_STATUS_ + the upper-case name).</summary>
public enum PaymentStatus
{
    /// <summary>Raised, waiting for its eligibility check and instruction.</summary>
    Pending = 1,

    /// <summary>The organisation was not eligible on the payment date: finance releases or cancels.</summary>
    Held = 2,

    /// <summary>The treasury accepted the instruction; its confirmation is awaited.</summary>
    Sent = 3,

    /// <summary>The instruction went out and no answer came back: the treasury's status is asked, never sent again blindly.</summary>
    Unknown = 4,
    Disbursed = 5,

    /// <summary>The treasury refused the instruction: finance revises (a new instruction) or cancels.</summary>
    Rejected = 6,
    Cancelled = 7,
}

/// <summary>What the treasury said of an instruction, as far as an order is concerned.</summary>
public enum TreasuryOutcome
{
    Accepted = 1,
    Settled = 2,
    Rejected = 3,
}

/// <summary>A move of an order refused by its state: the reason names the rule.</summary>
public sealed class PaymentOrderException(string reason, string english, string chinese) : InvalidOperationException(english)
{
    public string Reason { get; } = reason;

    public string Chinese { get; } = chinese;
}

/// <summary>
/// A payment order (拨付指令) for one final award. Its amount is obligated in the ledger when it is raised; it is
/// paid through instructions to the treasury, each under its own idempotency key (the instruction id). One order
/// per application: a redelivered AwardFinalised finds it and raises nothing. The order's states and the moves
/// between them are here; the ledger postings that go with them are <see cref="PaymentPostings"/>.
/// </summary>
public sealed class PaymentOrder
{
    private PaymentOrder()
    {
    }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public string PolicyId { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public string GroupCode { get; private set; } = string.Empty;

    /// <summary>The final award.</summary>
    public long AmountFen { get; private set; }

    /// <summary>Of the award, what settled the organisation's receivables instead of being sent.</summary>
    public long OffsetFen { get; private set; }

    /// <summary>What the treasury is told to pay.</summary>
    public long PayableFen => AmountFen - OffsetFen;

    public int Year { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string PayeeAccount { get; private set; } = string.Empty;

    /// <summary>The current instruction's id: its idempotency key at the treasury.</summary>
    public Guid? InstructionId { get; private set; }

    public List<Guid> PreviousInstructionIds { get; private set; } = [];

    /// <summary>Why it is held (each failed rule), rejected or cancelled; empty otherwise.</summary>
    public List<string> Reasons { get; private set; } = [];

    public string TreasuryReference { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? DisbursedAt { get; private set; }

    /// <summary>Where the award's postings belong in the ledger.</summary>
    public PostingDimensions Dimensions => new(Year, GroupCode, ItemCode, OrganizationUscc, ApplicationId);

    public bool IsUnpaid => Status is PaymentStatus.Pending or PaymentStatus.Held or PaymentStatus.Rejected;

    public static PaymentOrder Raise(Guid applicationId, string uscc, string policyId, string itemCode, string groupCode, long amountFen, int year, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ApplicationId = applicationId,
        OrganizationUscc = uscc,
        PolicyId = policyId,
        ItemCode = itemCode,
        GroupCode = groupCode,
        AmountFen = amountFen,
        Year = year,
        Status = PaymentStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Not eligible on the payment date: held with every failed rule.</summary>
    public void Hold(IReadOnlyList<string> rules, DateTimeOffset now)
    {
        Require("hold", PaymentStatus.Pending);
        Status = PaymentStatus.Held;
        Reasons = [.. rules];
        UpdatedAt = now;
    }

    /// <summary>
    /// Eligible: the instruction goes out (a new key, or the same key again when the treasury never received it);
    /// until the treasury answers, its outcome is unknown.
    /// </summary>
    public Guid Send(DateTimeOffset now)
    {
        Require("send", PaymentStatus.Pending);
        if (PayableFen <= 0)
        {
            throw new PaymentOrderException("NOTHING_PAYABLE", "The whole award was offset: there is nothing to send.", "奖励已全部抵扣，无需拨付。");
        }

        InstructionId ??= Guid.CreateVersion7(now);
        Status = PaymentStatus.Unknown;
        Reasons = [];
        SentAt = now;
        UpdatedAt = now;
        return InstructionId.Value;
    }

    /// <summary>The treasury's answer on the current instruction; an answer on another, or after the order moved on, changes nothing.</summary>
    /// <returns>True when the order moved.</returns>
    public bool Apply(Guid instructionId, TreasuryOutcome outcome, string treasuryReference, string reason, DateTimeOffset now)
    {
        if (instructionId != InstructionId || Status is not (PaymentStatus.Unknown or PaymentStatus.Sent))
        {
            return false;
        }

        switch (outcome)
        {
            case TreasuryOutcome.Accepted when Status == PaymentStatus.Unknown:
                Status = PaymentStatus.Sent;
                break;
            case TreasuryOutcome.Settled:
                Status = PaymentStatus.Disbursed;
                TreasuryReference = treasuryReference;
                DisbursedAt = now;
                break;
            case TreasuryOutcome.Rejected:
                Status = PaymentStatus.Rejected;
                Reasons = [reason];
                break;
            default:
                return false;
        }

        UpdatedAt = now;
        return true;
    }

    /// <summary>The treasury never received the current instruction: it may go out again, under the same key.</summary>
    public void Unsent(DateTimeOffset now)
    {
        Require("resend", PaymentStatus.Unknown);
        Status = PaymentStatus.Pending;
        UpdatedAt = now;
    }

    /// <summary>Finance releases a held order: eligibility is checked again before it is sent.</summary>
    public void Release(DateTimeOffset now)
    {
        Require("release", PaymentStatus.Held);
        Status = PaymentStatus.Pending;
        Reasons = [];
        UpdatedAt = now;
    }

    /// <summary>Finance revises a rejected order: a new instruction, under a new key linked to the rejected one.</summary>
    public void Revise(string payeeAccount, DateTimeOffset now)
    {
        Require("revise", PaymentStatus.Rejected);
        if (InstructionId is { } rejected)
        {
            PreviousInstructionIds.Add(rejected);
        }

        InstructionId = null;
        if (payeeAccount.Length > 0)
        {
            PayeeAccount = payeeAccount;
        }

        Status = PaymentStatus.Pending;
        Reasons = [];
        UpdatedAt = now;
    }

    /// <summary>Finance cancels a held or rejected order: it is never paid, and what it still obligates returns to the budget.</summary>
    /// <returns>The amount whose obligation is released.</returns>
    public long Cancel(string reason, DateTimeOffset now)
    {
        Require("cancel", PaymentStatus.Held, PaymentStatus.Rejected, PaymentStatus.Pending);
        Status = PaymentStatus.Cancelled;
        Reasons = [reason];
        UpdatedAt = now;
        return PayableFen;
    }

    /// <summary>Part of an unpaid award settles a receivable of the same organisation instead of being sent.</summary>
    public long Offset(long wantedFen, DateTimeOffset now)
    {
        if (!IsUnpaid)
        {
            throw new PaymentOrderException("ORDER_NOT_UNPAID", $"Only an unpaid order (pending, held or rejected) can be offset; this one is {Status}.", $"仅可抵扣尚未拨付的指令（待发、暂缓或被退回），当前为 {Status}。");
        }

        var amount = wantedFen == 0 ? PayableFen : Math.Min(wantedFen, PayableFen);
        if (amount <= 0)
        {
            throw new PaymentOrderException("NOTHING_PAYABLE", "Nothing of this award is left to offset.", "该奖励已无可抵扣金额。");
        }

        OffsetFen += amount;
        if (PayableFen == 0)
        {
            // Wholly offset: nothing goes to the treasury; the award is paid by the offset.
            Status = PaymentStatus.Disbursed;
            DisbursedAt = now;
            Reasons = [];
        }

        UpdatedAt = now;
        return amount;
    }

    private void Require(string move, params PaymentStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new PaymentOrderException(
                "PAYMENT_STATUS_CONFLICT",
                $"A payment order that is {Status} cannot {move}; it must be {string.Join(" or ", from)}.",
                $"拨付指令当前为 {Status}，不能执行 {move}，须为 {string.Join("/", from)}。");
        }
    }
}

using Huangpu.Contracts;
namespace Huangpu.Payments.Domain;

/// <summary>The contract's receivable statuses (RECEIVABLE_STATUS_ + the upper-case name).</summary>
public enum ReceivableStatus
{
    Open = 1,
    WriteOffProposed = 2,
    Settled = 3,
    WrittenOff = 4,
}

/// <summary>
/// What an organisation owes back on a clawback (追回): opened once per case, reduced by repayments (partial
/// ones too) and by offsets against a later unpaid award of the same organisation, and written off only when a
/// second finance officer approves what a first proposed.
/// </summary>
public sealed class Receivable
{
    private Receivable()
    {
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public int Year { get; private set; }

    public string GroupCode { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public long AmountFen { get; private set; }

    public long RepaidFen { get; private set; }

    public long OffsetFen { get; private set; }

    public long WrittenOffFen { get; private set; }

    public long OutstandingFen => AmountFen - RepaidFen - OffsetFen - WrittenOffFen;

    public ReceivableStatus Status { get; private set; }

    public string LegalBasis { get; private set; } = string.Empty;

    public string Evidence { get; private set; } = string.Empty;

    public string WriteOffProposedBy { get; private set; } = string.Empty;

    public string WriteOffReason { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public PostingDimensions Dimensions => new(Year, GroupCode, ItemCode, OrganizationUscc, ApplicationId);

    public static Receivable Open(Guid caseId, PaymentOrder award, long amountFen, string legalBasis, string evidence, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CaseId = caseId,
        ApplicationId = award.ApplicationId,
        OrganizationUscc = award.OrganizationUscc,
        Year = award.Year,
        GroupCode = award.GroupCode,
        ItemCode = award.ItemCode,
        AmountFen = amountFen,
        Status = ReceivableStatus.Open,
        LegalBasis = legalBasis,
        Evidence = evidence,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Repay(long amountFen, DateTimeOffset now) => RepaidFen += Take(amountFen, "repay", now);

    /// <summary>Settles part of it out of a later award of the same organisation.</summary>
    public void Offset(long amountFen, DateTimeOffset now) => OffsetFen += Take(amountFen, "offset", now);

    public void ProposeWriteOff(string by, string reason, DateTimeOffset now)
    {
        Require("propose a write-off", ReceivableStatus.Open);
        Status = ReceivableStatus.WriteOffProposed;
        WriteOffProposedBy = by;
        WriteOffReason = reason;
        UpdatedAt = now;
    }

    /// <summary>A second officer approves: what is outstanding is written off.</summary>
    /// <returns>The amount written off.</returns>
    public long ApproveWriteOff(string by, DateTimeOffset now)
    {
        Require("approve a write-off", ReceivableStatus.WriteOffProposed);
        if (string.Equals(by, WriteOffProposedBy, StringComparison.Ordinal))
        {
            throw new PaymentOrderException("SAME_OFFICER", "A write-off needs a second finance officer: the one who proposed it cannot approve it.", "核销须由另一名财务人员批准，提议人不能自行批准。");
        }

        var amount = OutstandingFen;
        WrittenOffFen += amount;
        Status = ReceivableStatus.WrittenOff;
        UpdatedAt = now;
        return amount;
    }

    private long Take(long amountFen, string move, DateTimeOffset now)
    {
        Require(move, ReceivableStatus.Open, ReceivableStatus.WriteOffProposed);
        if (amountFen <= 0 || amountFen > OutstandingFen)
        {
            throw new PaymentOrderException("AMOUNT_ABOVE_OUTSTANDING", $"The amount must be above zero and at most the {AmountText.English(OutstandingFen)} outstanding.", $"金额须大于零且不超过未收回的 {AmountText.Chinese(OutstandingFen)}。");
        }

        if (amountFen == OutstandingFen)
        {
            Status = ReceivableStatus.Settled;
        }

        UpdatedAt = now;
        return amountFen;
    }

    private void Require(string move, params ReceivableStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new PaymentOrderException("RECEIVABLE_STATUS_CONFLICT", $"A receivable that is {Status} cannot {move}.", $"应收款当前为 {Status}，不能执行该操作。");
        }
    }
}

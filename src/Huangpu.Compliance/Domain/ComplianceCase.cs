namespace Huangpu.Compliance.Domain;

/// <summary>The contract's findings (FINDING_ + the upper-case name).</summary>
public enum Finding
{
    /// <summary>弄虚作假: the only finding that may order a clawback.</summary>
    Fraud = 1,
    Breach = 2,
    UnmetCommitment = 3,
    None = 4,
}

/// <summary>The contract's case statuses (CASE_STATUS_ + the upper-case name).</summary>
public enum CaseStatus
{
    Open = 1,
    FindingRecorded = 2,
    ClawbackProposed = 3,
    ClawbackOrdered = 4,
    CloseProposed = 5,
    Closed = 6,
}

/// <summary>One step of a case, as it happened.</summary>
public sealed record CaseStep(string Action, string Actor, string Reason, DateTimeOffset At);

/// <summary>A move of a case refused by its state or by the four-eyes rule: the reason names the rule.</summary>
public sealed class CaseException(string reason, string english, string chinese) : InvalidOperationException(english)
{
    public string Reason { get; } = reason;

    public string Chinese { get; } = chinese;
}

/// <summary>
/// A compliance case (稽查案件) on one application: opened from an alert or an officer's finding, closed with a
/// finding. A fraud finding (弄虚作假) may order the award clawed back under 附则（一）of HRS-2024-2; ordering the
/// clawback and closing the case each need a second compliance officer (four eyes).
/// </summary>
public sealed class ComplianceCase
{
    /// <summary>The clause a clawback rests on.</summary>
    public const string ClawbackLegalBasis = "HRS-2024-2 附则（一）：弄虚作假骗取扶持资金的，追回已拨付资金";

    private ComplianceCase()
    {
    }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    public Guid? AlertId { get; private set; }

    public CaseStatus Status { get; private set; }

    public Finding? Finding { get; private set; }

    public long ClawbackAmountFen { get; private set; }

    public string Evidence { get; private set; } = string.Empty;

    /// <summary>Who proposed the pending clawback or closing: the second officer must be someone else.</summary>
    public string ProposedBy { get; private set; } = string.Empty;

    public List<CaseStep> History { get; private set; } = [];

    public DateTimeOffset OpenedAt { get; private set; }

    public static ComplianceCase Open(Guid applicationId, string uscc, string summary, Guid? alertId, string by, DateTimeOffset now)
    {
        var opened = new ComplianceCase
        {
            Id = Guid.CreateVersion7(now),
            ApplicationId = applicationId,
            OrganizationUscc = uscc,
            Summary = summary,
            AlertId = alertId,
            Status = CaseStatus.Open,
            OpenedAt = now,
        };
        opened.Step("open", by, summary, now);
        return opened;
    }

    public void RecordFinding(Finding finding, long clawbackAmountFen, string evidence, string by, DateTimeOffset now)
    {
        Require("record a finding", CaseStatus.Open, CaseStatus.FindingRecorded);
        if (finding != Domain.Finding.Fraud && clawbackAmountFen != 0)
        {
            throw new CaseException("CLAWBACK_NEEDS_FRAUD", "Only a fraud finding (弄虚作假) carries an amount to claw back.", "仅弄虚作假的认定可以追回资金。");
        }

        if (finding == Domain.Finding.Fraud && clawbackAmountFen <= 0)
        {
            throw new CaseException("CLAWBACK_AMOUNT_REQUIRED", "A fraud finding names the amount to claw back, in fen, above zero.", "弄虚作假的认定须写明追回金额（分），且大于零。");
        }

        Finding = finding;
        ClawbackAmountFen = clawbackAmountFen;
        Evidence = evidence;
        Status = CaseStatus.FindingRecorded;
        Step("record-finding", by, evidence, now);
    }

    public void ProposeClawback(string by, string reason, DateTimeOffset now)
    {
        Require("order a clawback", CaseStatus.FindingRecorded);
        if (Finding != Domain.Finding.Fraud)
        {
            throw new CaseException("CLAWBACK_NEEDS_FRAUD", "Only a fraud finding (弄虚作假) can order a clawback.", "仅弄虚作假的认定可以追回资金。");
        }

        Status = CaseStatus.ClawbackProposed;
        ProposedBy = by;
        Step("order-clawback", by, reason, now);
    }

    /// <summary>A second officer approves: the clawback is ordered (the caller raises ClawbackOrdered in the same transaction).</summary>
    public void ApproveClawback(string by, string reason, DateTimeOffset now)
    {
        Require("approve a clawback", CaseStatus.ClawbackProposed);
        RequireSecondOfficer(by);
        Status = CaseStatus.ClawbackOrdered;
        ProposedBy = string.Empty;
        Step("approve-clawback", by, reason, now);
    }

    /// <summary>The first call proposes closing; a call by another officer closes.</summary>
    /// <returns>True when the case is now closed.</returns>
    public bool Close(string by, string reason, DateTimeOffset now)
    {
        if (Status == CaseStatus.CloseProposed)
        {
            RequireSecondOfficer(by);
            Status = CaseStatus.Closed;
            ProposedBy = string.Empty;
            Step("close", by, reason, now);
            return true;
        }

        Require("close", CaseStatus.FindingRecorded, CaseStatus.ClawbackOrdered);
        Status = CaseStatus.CloseProposed;
        ProposedBy = by;
        Step("propose-close", by, reason, now);
        return false;
    }

    private void RequireSecondOfficer(string by)
    {
        if (string.Equals(by, ProposedBy, StringComparison.Ordinal))
        {
            throw new CaseException("SAME_OFFICER", "This needs a second compliance officer: the one who proposed it cannot approve it.", "须由另一名合规人员批准，提议人不能自行批准。");
        }
    }

    private void Require(string move, params CaseStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new CaseException("CASE_STATUS_CONFLICT", $"A case that is {Status} cannot {move}.", $"案件当前为 {Status}，不能执行该操作。");
        }
    }

    private void Step(string action, string by, string reason, DateTimeOffset now) => History.Add(new CaseStep(action, by, reason, now));
}

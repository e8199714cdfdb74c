namespace Huangpu.Contracts.Compliance;

/// <summary>
/// A case found fraud (弄虚作假) and two compliance officers ordered the award clawed back (附则（一）of
/// HRS-2024-2): Payments opens a receivable for the amount.
/// </summary>
public sealed record ClawbackOrdered : IntegrationEvent
{
    public required Guid CaseId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required long AmountFen { get; init; }

    public required string LegalBasis { get; init; }

    public required string Evidence { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Clawback of {AmountFen} fen ordered on application {ApplicationId} (case {CaseId}, {LegalBasis})";
}

/// <summary>A compliance case moved (opened, finding recorded, clawback proposed or ordered, closing proposed, closed).</summary>
public sealed record CaseTransitioned : IntegrationEvent
{
    public required Guid CaseId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string Action { get; init; }

    /// <summary>The case's status after the step (CASE_STATUS_ without the prefix).</summary>
    public required string Status { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Case {CaseId}: {Action} → {Status}";
}

/// <summary>
/// An ordered clawback proposes a serious-dishonesty credit record (严重失信) for the organisation; the credit
/// bureau's feed applies it to the Registry.
/// </summary>
public sealed record CreditRecordProposed : IntegrationEvent
{
    public required Guid CaseId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string Reason { get; init; }

    public required string LegalBasis { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [OrganizationUscc];

    public override string Summary => $"Credit record proposed for {OrganizationUscc} (case {CaseId}): {Reason}";
}

/// <summary>A risk rule fired (风险预警), once per rule and subject: compliance officers may open a case from it.</summary>
public sealed record AlertRaised : IntegrationEvent
{
    public required Guid AlertId { get; init; }

    public required string RuleId { get; init; }

    public required string Clause { get; init; }

    public required string OrganizationUscc { get; init; }

    public Guid? ApplicationId { get; init; }

    /// <summary>Why it fired, with the facts behind it.</summary>
    public required string Description { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [.. new[] { ApplicationId?.ToString() ?? string.Empty, OrganizationUscc }.Where(s => s.Length > 0)];

    public override string Summary => $"Alert {AlertId} ({RuleId}) for {OrganizationUscc}";
}

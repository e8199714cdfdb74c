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

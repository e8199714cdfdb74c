namespace Huangpu.Contracts.Registry;

/// <summary>
/// A credit record (e.g. a serious-dishonesty listing, 严重失信) arrived or changed for a USCC. Consumers
/// re-check eligibility: applications not yet approved are held (暂停) for a case officer.
/// </summary>
public sealed record CreditStatusChanged : IntegrationEvent
{
    public required string Uscc { get; init; }

    public required string SourceRecordId { get; init; }

    public required string Kind { get; init; }

    public required DateOnly ListedOn { get; init; }

    public DateOnly? RemovedOn { get; init; }

    /// <summary>False when the record arrived before the organisation registered.</summary>
    public required bool OrganizationRegistered { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [Uscc];

    public override string Summary =>
        $"Credit record {SourceRecordId} ({Kind}) for {Uscc}: listed {ListedOn:yyyy-MM-dd}" + (RemovedOn is { } removed ? $", removed {removed:yyyy-MM-dd}" : string.Empty);
}

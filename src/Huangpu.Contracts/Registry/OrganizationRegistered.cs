namespace Huangpu.Contracts.Registry;

/// <summary>An HR service organisation was registered (登记) in the Registry.</summary>
public sealed record OrganizationRegistered : IntegrationEvent
{
    public required string Uscc { get; init; }

    public required string Name { get; init; }

    public required string LegalForm { get; init; }

    public required string RegisteredDistrictCode { get; init; }

    public required long Version { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [Uscc];

    public override string Summary => $"Organisation {Uscc} registered: {Name}";
}

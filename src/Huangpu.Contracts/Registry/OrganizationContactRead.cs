namespace Huangpu.Contracts.Registry;

/// <summary>Someone read an organisation's contact person unmasked (personal information): every such read is audited.</summary>
public sealed record OrganizationContactRead : IntegrationEvent
{
    public required string Uscc { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [Uscc];

    public override string Summary => $"Contact person of {Uscc} read unmasked";
}

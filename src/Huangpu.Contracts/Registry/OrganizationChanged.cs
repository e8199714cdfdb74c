namespace Huangpu.Contracts.Registry;

/// <summary>Fields of an organisation changed (a correction, or a partner feed's registration data).</summary>
public sealed record OrganizationChanged : IntegrationEvent
{
    public required string Uscc { get; init; }

    public required IReadOnlyList<string> ChangedFields { get; init; }

    /// <summary>The partner feed's record behind the change, if any.</summary>
    public string? SourceRecordId { get; init; }

    public required long Version { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [Uscc];

    public override string Summary => $"Organisation {Uscc} changed ({string.Join(", ", ChangedFields)}), version {Version}";
}

namespace Huangpu.Contracts.Applications;

/// <summary>
/// An application passed preliminary review (初审) under an item evaluated by an expert panel: ExpertReview draws
/// the panel. Carries what the review needs of the application and its item.
/// </summary>
public sealed record ReviewRequested : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string PolicyId { get; init; }

    public required string ItemCode { get; init; }

    /// <summary>The item's measure group (1–5): it chooses the rubric.</summary>
    public required string GroupCode { get; init; }

    public required long RequestedAmountFen { get; init; }

    /// <summary>The item's cap; the panel's recommendation never exceeds it.</summary>
    public required long CapFen { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Expert review requested for application {ApplicationId} ({PolicyId} item {ItemCode}, group {GroupCode})";
}

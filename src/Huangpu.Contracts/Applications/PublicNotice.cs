namespace Huangpu.Contracts.Applications;

/// <summary>Approved applications published for public notice (公示) from one date to another (working days).</summary>
public sealed record NoticePublished : IntegrationEvent
{
    public required Guid NoticeId { get; init; }

    public required string PolicyId { get; init; }

    public required DateOnly StartsOn { get; init; }

    public required DateOnly EndsOn { get; init; }

    public required IReadOnlyList<Guid> ApplicationIds { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [NoticeId.ToString(), .. ApplicationIds.Select(a => a.ToString())];

    public override string Summary => $"Notice {NoticeId} ({PolicyId}) {StartsOn:yyyy-MM-dd} to {EndsOn:yyyy-MM-dd}: {ApplicationIds.Count} entries";
}

/// <summary>An objection (异议) to a notice entry was received: the entry is held until it is resolved.</summary>
public sealed record ObjectionFiled : IntegrationEvent
{
    public required Guid ObjectionId { get; init; }

    public required Guid NoticeId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required DateOnly ReceivedOn { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc, NoticeId.ToString()];

    // The objector is a natural person or an organisation: never named in the trail's summary.
    public override string Summary => $"Objection {ObjectionId} to notice {NoticeId}, entry {ApplicationId}, received {ReceivedOn:yyyy-MM-dd}";
}

/// <summary>
/// Resolved by a second officer: upheld (back to joint review, or declined) or dismissed (the entry goes on).
/// </summary>
public sealed record ObjectionResolved : IntegrationEvent
{
    public required Guid ObjectionId { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    /// <summary>DISMISSED, UPHELD_REVIEW (back to joint review) or UPHELD_DECLINE.</summary>
    public required string Outcome { get; init; }

    public required string Reason { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Objection {ObjectionId} to application {ApplicationId}: {Outcome}";
}

/// <summary>The notice of an approved application ended with nothing open: the award is final (FINAL) and may be paid.</summary>
public sealed record AwardFinalised : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string PolicyId { get; init; }

    public required string ItemCode { get; init; }

    public required long AmountFen { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Award for application {ApplicationId} ({PolicyId} item {ItemCode}) final: {AmountFen} fen";
}

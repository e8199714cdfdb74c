namespace Huangpu.Contracts.Applications;

/// <summary>Joint review (联合评审) approved an award: the amount, and why when it is not the panel's recommendation.</summary>
public sealed record ApplicationApproved : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string PolicyId { get; init; }

    public required string ItemCode { get; init; }

    public required long AmountFen { get; init; }

    public string? Reason { get; init; }

    /// <summary>The regulation an amount set "按规定" cites (item 14.3).</summary>
    public string? Regulation { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Application {ApplicationId} ({PolicyId} item {ItemCode}) approved: {AmountFen} fen";
}

/// <summary>The application is declined: by the expert panel (below the pass mark), joint review or an upheld objection.</summary>
public sealed record ApplicationDeclined : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string PolicyId { get; init; }

    public required string ItemCode { get; init; }

    public required string Reason { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Application {ApplicationId} ({PolicyId} item {ItemCode}) declined";
}

/// <summary>
/// The Registry's eligibility answer a decision on the application rested on (submission, acceptance, joint
/// review): the date, the failed rules, the organisation's record version and the rules' version it was evaluated
/// under. Kept for the decision packet.
/// </summary>
public sealed record EligibilityChecked : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    /// <summary>The step the answer was asked for: "submit", "accept" or "joint-review".</summary>
    public required string Step { get; init; }

    public required DateOnly AsOf { get; init; }

    public required bool Eligible { get; init; }

    public required IReadOnlyList<string> FailedRules { get; init; }

    public required long OrganizationVersion { get; init; }

    public required string RulesVersion { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => Eligible
        ? $"Application {ApplicationId}: {OrganizationUscc} eligible on {AsOf:yyyy-MM-dd} ({Step})"
        : $"Application {ApplicationId}: {OrganizationUscc} not eligible on {AsOf:yyyy-MM-dd} ({Step}): {string.Join(", ", FailedRules)}";
}

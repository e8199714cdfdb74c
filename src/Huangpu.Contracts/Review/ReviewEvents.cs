namespace Huangpu.Contracts.Review;

/// <summary>The expert panel of an application was drawn (seed recorded, recusals applied): scoring begins.</summary>
public sealed record PanelDrawn : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string Seed { get; init; }

    public required IReadOnlyList<string> ExpertIds { get; init; }

    public required int Recused { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Panel of {ExpertIds.Count} drawn for application {ApplicationId} (seed {Seed}, {Recused} recused)";
}

/// <summary>No panel could be drawn yet (too few eligible experts, or the Registry unreachable): the review waits, with the reason.</summary>
public sealed record PanelPending : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string Reason { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Panel for application {ApplicationId} pending: {Reason}";
}

/// <summary>An expert of the panel scored (the score itself stays in ExpertReview until the round closes).</summary>
public sealed record ScoreSubmitted : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string ExpertId { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => $"Expert {ExpertId} scored application {ApplicationId}";
}

/// <summary>The panel's result stands: passed with a recommended amount, or below the pass mark with the panel's reasons.</summary>
public sealed record ReviewCompleted : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required decimal PanelScore { get; init; }

    public required bool Passed { get; init; }

    public required long RecommendedAmountFen { get; init; }

    /// <summary>True when a case officer's consensus record set the score (the spread was too wide).</summary>
    public required bool ByConsensus { get; init; }

    /// <summary>The panel's comments, which a decline gives as its reasons.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => Passed
        ? $"Expert review of application {ApplicationId} passed: score {PanelScore}, recommended {RecommendedAmountFen} fen"
        : $"Expert review of application {ApplicationId} below the pass mark: score {PanelScore}";
}

/// <summary>A fair-competition-review adviser's opinion (公平竞争审查) over applications before joint review.</summary>
public sealed record FairCompetitionOpinionRecorded : IntegrationEvent
{
    public required Guid ReviewId { get; init; }

    public required IReadOnlyList<Guid> ApplicationIds { get; init; }

    /// <summary>NO_OBJECTION or OBJECTION.</summary>
    public required string Opinion { get; init; }

    public string? Notes { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [.. ApplicationIds.Select(a => a.ToString())];

    public override string Summary => $"Fair-competition opinion {Opinion} over {ApplicationIds.Count} applications";
}

/// <summary>
/// An expert of the pool was added, or its employer or declared ties (关联单位) changed: the organisations it may
/// not review. Compliance checks the expert's past scores against them (a conflict found after scoring). The
/// expert's name is not carried.
/// </summary>
public sealed record ExpertTiesChanged : IntegrationEvent
{
    public required string ExpertId { get; init; }

    public required string EmployerUscc { get; init; }

    public required IReadOnlyList<string> Ties { get; init; }

    public override IReadOnlyList<string> AuditSubjects => [.. Ties.Append(EmployerUscc).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];

    public override string Summary => $"Expert {ExpertId}: employer {EmployerUscc}, {Ties.Count} declared ties";
}

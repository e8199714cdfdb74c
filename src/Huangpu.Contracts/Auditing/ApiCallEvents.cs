namespace Huangpu.Contracts.Auditing;

/// <summary>
/// A state-changing API call committed: who called which method, on what, and what it changed. Staged in the same
/// transaction as the change, so a call is audited exactly when its change lands. Personal information in the
/// request is masked before it is kept here.
/// </summary>
public sealed record ApiCallRecorded : IntegrationEvent
{
    /// <summary>The service that served the call, e.g. "applications".</summary>
    public required string Service { get; init; }

    /// <summary>The gRPC method, e.g. "/huangpu.applications.v1.ApplicationsService/CastVote" (REST calls are transcoded to it).</summary>
    public required string Method { get; init; }

    /// <summary>The USCCs and application ids the call concerned, from its request and from what it changed.</summary>
    public required IReadOnlyList<string> Subjects { get; init; }

    /// <summary>The request as proto3 JSON, personal fields masked and binary content left out.</summary>
    public required string Request { get; init; }

    /// <summary>What changed, one line per row: the entity, its key, added/modified/deleted, and the columns modified.</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    public override IReadOnlyList<string> AuditSubjects => Subjects;

    public override string Summary => $"{Method} by {ActorRole} {Actor}: {Changes.Count} row(s) changed";
}

/// <summary>
/// A read of something outside the caller's reach was refused as not found (another organisation's application,
/// a review the expert does not sit on): who tried what. The caller saw a plain 404.
/// </summary>
public sealed record AccessRefused : IntegrationEvent
{
    public required string Service { get; init; }

    public required string Method { get; init; }

    /// <summary>What was asked for: an application id, a USCC, a payment.</summary>
    public required string Subject { get; init; }

    /// <summary>Why it is out of reach, e.g. "another organisation's application".</summary>
    public required string Reason { get; init; }

    /// <summary>The caller's own organisation, when it has one.</summary>
    public string? CallerOrganizationUscc { get; init; }

    public override IReadOnlyList<string> AuditSubjects => CallerOrganizationUscc is null ? [Subject] : [Subject, CallerOrganizationUscc];

    public override string Summary => $"{ActorRole} {Actor} refused {Subject} in {Method}: {Reason}";
}

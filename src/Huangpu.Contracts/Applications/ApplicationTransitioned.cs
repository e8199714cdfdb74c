namespace Huangpu.Contracts.Applications;

/// <summary>
/// An application was created or moved from one status to another (submit, accept, supplement, preliminary
/// review, hold, withdrawal, ...). One event per transition, in the same transaction as the change.
/// Statuses are the contract's names without the APPLICATION_STATUS_ prefix, e.g. SUBMITTED.
/// </summary>
public sealed record ApplicationTransitioned : IntegrationEvent
{
    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required string PolicyId { get; init; }

    public required string ItemCode { get; init; }

    /// <summary>The lifecycle action, e.g. "submit", "accept", "request-supplement", "lapse", "hold".</summary>
    public required string Action { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required long Version { get; init; }

    /// <summary>Reason or findings as the actor gave them (no personal information is asked for here).</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// On a step into SUBMITTED: the SHA-256 of every project document (项目材料) the application is submitted with;
    /// empty otherwise. Organisation documents, reused across an organisation's applications, are not listed.
    /// </summary>
    public IReadOnlyList<string> ProjectDocumentSha256s { get; init; } = [];

    public override IReadOnlyList<string> AuditSubjects => [ApplicationId.ToString(), OrganizationUscc];

    public override string Summary => From == To
        ? $"Application {ApplicationId} ({PolicyId} item {ItemCode}) for {OrganizationUscc}: {Action} → {To}"
        : $"Application {ApplicationId} ({PolicyId} item {ItemCode}) for {OrganizationUscc}: {Action} {From} → {To}";
}

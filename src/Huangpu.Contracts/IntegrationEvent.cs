namespace Huangpu.Contracts;

/// <summary>
/// Base of every integration event. <see cref="AuditSubjects"/> are the USCCs and application ids the
/// Compliance trail files the event under; <see cref="Actor"/> and <see cref="ActorRole"/> say who caused it.
/// </summary>
public abstract record IntegrationEvent
{
    public required DateTimeOffset OccurredAt { get; init; }

    public required string Actor { get; init; }

    public required string ActorRole { get; init; }

    public abstract IReadOnlyList<string> AuditSubjects { get; }

    /// <summary>One line for the audit trail, free of personal information.</summary>
    public abstract string Summary { get; }
}

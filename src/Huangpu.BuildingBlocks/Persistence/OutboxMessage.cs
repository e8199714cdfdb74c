namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>An integration event waiting to be (or already) published; written with the state change it reports.</summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }

    /// <summary>Becomes the MassTransit MessageId, so a re-publish after a crash is recognised by every inbox.</summary>
    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The W3C trace context of the request that staged the event: its publishing, and so its consumers, join that
    /// request's trace, however much later the dispatcher sends it.
    /// </summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when publishing failed <see cref="Outbox.OutboxOptions.MaxAttempts"/> times: the event waits for an operator's replay.</summary>
    public DateTimeOffset? DeadLetteredAt { get; set; }
}

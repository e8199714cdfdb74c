namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>A message a consumer has already applied; written in the same transaction as the effect.</summary>
public sealed class InboxState
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>The first answer to a write, kept so a retry with the same Idempotency-Key gets it again.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller (<c>sub</c>) and the operation: keys of different callers never meet.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the canonical request (protobuf bytes without the request id).</summary>
    public required byte[] RequestHash { get; set; }

    public required byte[] Response { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

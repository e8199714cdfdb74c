using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Contracts.Auditing;

namespace Huangpu.Compliance.Domain;

/// <summary>
/// One entry of the audit trail (审计留痕). Entries form a hash chain (<see cref="AuditChain"/>): each hash covers the entry's content
/// and the previous entry's hash, so an edited or deleted entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    public List<string> Subjects { get; set; } = [];

    public required string EventType { get; set; }

    public Guid MessageId { get; set; }

    public required string Actor { get; set; }

    public required string ActorRole { get; set; }

    public required string Summary { get; set; }

    public required string DataJson { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>How <see cref="Hash"/> is computed (<see cref="AuditChain"/>): 1 for entries written before content digests, 2 since.</summary>
    public short HashVersion { get; set; } = AuditChain.CurrentVersion;

    public const string GenesisHash = AuditChain.GenesisHash;

    public AuditChain.Content Content => new(Subjects, EventType, MessageId, Actor, ActorRole, Summary, DataJson, OccurredAt, RecordedAt);

    public string ComputeHash() => AuditChain.Hash(HashVersion, PreviousHash, Content);

    /// <summary>PostgreSQL keeps microseconds: hash only what survives the round trip.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset value) => ClockExtensions.ToStoragePrecision(value);
}

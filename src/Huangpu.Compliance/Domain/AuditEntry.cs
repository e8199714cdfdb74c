using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Huangpu.BuildingBlocks.Hosting;

namespace Huangpu.Compliance.Domain;

/// <summary>
/// One entry of the audit trail (审计留痕). Entries form a hash chain: each hash covers the entry's content
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

    public const string GenesisHash = "";

    public string ComputeHash()
    {
        var canonical = string.Join(
            '\n',
            PreviousHash,
            string.Join(',', Subjects),
            EventType,
            MessageId.ToString("D"),
            Actor,
            ActorRole,
            Summary,
            DataJson,
            OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>PostgreSQL keeps microseconds: hash only what survives the round trip.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset value) => ClockExtensions.ToStoragePrecision(value);
}

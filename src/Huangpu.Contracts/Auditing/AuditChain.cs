using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Huangpu.Contracts.Auditing;

/// <summary>
/// The hash chain of the audit trail, in one place for the trail, its verify and the offline verifier of decision
/// packets. Version 2 (every entry written now): an entry's content digest is SHA-256 of its canonical content,
/// and its hash is SHA-256 of the previous entry's hash and that digest, so a span of the chain can be proven from
/// the digests of entries that are not shown. Version 1 (entries written before) hashed the previous hash and the
/// content together; they still verify.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "";

    public const short CurrentVersion = 2;

    /// <summary>The fields an entry's hash covers, besides the previous hash, in their canonical order.</summary>
    public sealed record Content(
        IReadOnlyList<string> Subjects,
        string EventType,
        Guid MessageId,
        string Actor,
        string ActorRole,
        string Summary,
        string Data,
        DateTimeOffset OccurredAt,
        DateTimeOffset RecordedAt);

    public static string ContentDigest(Content content) => Sha256Hex(Canonical(content));

    /// <summary>The hash of an entry of the given version from its predecessor's hash.</summary>
    public static string Hash(short version, string previousHash, Content content) => version switch
    {
        1 => Sha256Hex($"{previousHash}\n{Canonical(content)}"),
        2 => Link(previousHash, ContentDigest(content)),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown audit hash version."),
    };

    /// <summary>A version-2 hash from the previous hash and the entry's content digest.</summary>
    public static string Link(string previousHash, string contentDigest) => Sha256Hex($"{previousHash}\n{contentDigest}");

    private static string Canonical(Content c) => string.Join(
        '\n',
        string.Join(',', c.Subjects),
        c.EventType,
        c.MessageId.ToString("D"),
        c.Actor,
        c.ActorRole,
        c.Summary,
        c.Data,
        c.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
        c.RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

namespace Huangpu.Contracts.Auditing;

/// <summary>
/// The decision packet of one award (决策档案): every audit entry about it, in the trail's order, each with its hash,
/// and the proof that they are one unbroken span of the trail. <see cref="Entries"/> are the award's entries in
/// full, each under its section (application, eligibility, expertReview, fairCompetition, jointReview, notice,
/// payment, compliance, apiCalls); <see cref="Links"/> are the content digests of the trail's other entries in
/// between, shown by digest only. Checked offline by <see cref="DecisionPacketVerifier"/>.
/// </summary>
public sealed record DecisionPacket
{
    public const string CurrentFormat = "huangpu.decision-packet/1";

    public required string Format { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string OrganizationUscc { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The hash of the entry before the first one of the span (empty at the start of the trail).</summary>
    public required string StartsAfterHash { get; init; }

    /// <summary>The last entry of the span: the trail's hash there must be this one.</summary>
    public required PacketHead Head { get; init; }

    public required IReadOnlyList<PacketEntry> Entries { get; init; }

    public required IReadOnlyList<PacketLink> Links { get; init; }
}

public sealed record PacketHead(long Sequence, string Hash);

/// <summary>An entry of the trail in full, as stored (<see cref="Data"/> is the event's JSON exactly as hashed).</summary>
public sealed record PacketEntry
{
    public required string Section { get; init; }

    public required long Sequence { get; init; }

    public required short HashVersion { get; init; }

    public required IReadOnlyList<string> Subjects { get; init; }

    public required string EventType { get; init; }

    public required Guid MessageId { get; init; }

    public required string Actor { get; init; }

    public required string ActorRole { get; init; }

    public required string Summary { get; init; }

    public required string Data { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }

    public AuditChain.Content Content => new(Subjects, EventType, MessageId, Actor, ActorRole, Summary, Data, OccurredAt, RecordedAt);
}

/// <summary>Another entry of the span, by its content digest only (version 2 entries).</summary>
public sealed record PacketLink(long Sequence, string ContentDigest);

/// <summary>The outcome of checking a packet: intact, or the first entry (by sequence) that does not hold, and why.</summary>
public sealed record PacketVerdict(bool Intact, int EntriesChecked, long? FirstBrokenSequence, string Detail);

/// <summary>
/// Checks a decision packet against itself and, when given, against a hash of the trail obtained elsewhere: each
/// entry's hash recomputes from its content and its predecessor, the entries and links make one contiguous span
/// ending at the packet's head, and the given hash (sequence and hash) lies on that span.
/// </summary>
public static class DecisionPacketVerifier
{
    public static PacketVerdict Verify(DecisionPacket packet, PacketHead? trusted = null)
    {
        if (packet.Format != DecisionPacket.CurrentFormat)
        {
            return new(false, 0, null, $"unknown format '{packet.Format}'");
        }

        var steps = packet.Entries.Select(e => (e.Sequence, Entry: (PacketEntry?)e, Link: (PacketLink?)null))
            .Concat(packet.Links.Select(l => (l.Sequence, Entry: (PacketEntry?)null, Link: (PacketLink?)l)))
            .OrderBy(s => s.Sequence)
            .ToList();
        if (steps.Count == 0)
        {
            return new(false, 0, null, "the packet holds no entries");
        }

        var previous = packet.StartsAfterHash;
        var trustedSeen = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var (sequence, entry, link) = steps[i];
            if (i > 0 && sequence != steps[i - 1].Sequence + 1)
            {
                return new(false, i, sequence, sequence == steps[i - 1].Sequence ? "the sequence appears twice" : $"entries {steps[i - 1].Sequence + 1}–{sequence - 1} are missing from the span");
            }

            string hash;
            if (entry is not null)
            {
                if (entry.PreviousHash != previous)
                {
                    return new(false, i, sequence, "its previous hash is not the hash of the entry before it");
                }

                hash = AuditChain.Hash(entry.HashVersion, previous, entry.Content);
                if (hash != entry.Hash)
                {
                    return new(false, i, sequence, "its content does not match its hash");
                }
            }
            else
            {
                hash = AuditChain.Link(previous, link!.ContentDigest);
            }

            if (trusted is not null && trusted.Sequence == sequence)
            {
                if (trusted.Hash != hash)
                {
                    return new(false, i, sequence, "the trail's hash at this entry differs from the packet's");
                }

                trustedSeen = true;
            }

            previous = hash;
        }

        if (steps[^1].Sequence != packet.Head.Sequence || previous != packet.Head.Hash)
        {
            return new(false, steps.Count, packet.Head.Sequence, "the span does not end at the packet's head");
        }

        if (trusted is not null && !trustedSeen)
        {
            return new(false, steps.Count, trusted.Sequence, "the given entry of the trail lies outside the packet's span");
        }

        return new(true, steps.Count, null, trusted is null ? "intact" : "intact, and on the given trail");
    }
}

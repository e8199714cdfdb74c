using System.Text.Encodings.Web;
using System.Text.Json;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Domain;

/// <summary>
/// Assembles the decision packet of an award from the audit trail (<see cref="DecisionPacket"/>): every entry filed
/// under the application, the organisation's registry and credit entries up to the award's last entry (the facts
/// its eligibility answers rested on), and the digests of the trail's other entries in that span.
/// </summary>
public sealed class DecisionPackets(ComplianceDbContext db, PolicyCalendar calendar)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>Which part of the award each kind of entry documents.</summary>
    private static readonly Dictionary<string, string> Sections = new(StringComparer.Ordinal)
    {
        ["ApplicationTransitioned"] = "application",
        ["ReviewRequested"] = "application",
        ["OrganizationRegistered"] = "eligibility",
        ["OrganizationChanged"] = "eligibility",
        ["CreditStatusChanged"] = "eligibility",
        ["EligibilityChecked"] = "eligibility",
        ["PanelDrawn"] = "expertReview",
        ["PanelPending"] = "expertReview",
        ["ScoreSubmitted"] = "expertReview",
        ["ReviewCompleted"] = "expertReview",
        ["FairCompetitionOpinionRecorded"] = "fairCompetition",
        ["ApplicationApproved"] = "jointReview",
        ["ApplicationDeclined"] = "jointReview",
        ["NoticePublished"] = "notice",
        ["ObjectionFiled"] = "notice",
        ["ObjectionResolved"] = "notice",
        ["AwardFinalised"] = "notice",
        ["PaymentOrdered"] = "payment",
        ["PaymentHeld"] = "payment",
        ["PaymentDisbursed"] = "payment",
        ["PaymentFailed"] = "payment",
        ["RecoveryRecorded"] = "payment",
        ["ReconciliationDifferenceFound"] = "payment",
        ["ClawbackOrdered"] = "compliance",
        ["CaseTransitioned"] = "compliance",
        ["CreditRecordProposed"] = "compliance",
        ["AlertRaised"] = "compliance",
        ["ApiCallRecorded"] = "apiCalls",
        ["AccessRefused"] = "apiCalls",
    };

    private static readonly string[] OrganizationFacts = ["OrganizationRegistered", "OrganizationChanged", "CreditStatusChanged"];

    public static byte[] Serialize(DecisionPacket packet) => JsonSerializer.SerializeToUtf8Bytes(packet, Json);

    /// <summary>The packet, or null when the trail holds nothing of the application.</summary>
    public async Task<DecisionPacket?> BuildAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        var id = applicationId.ToString();
        var own = await db.AuditEntries.AsNoTracking().Where(e => e.Subjects.Contains(id)).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        if (own.Count == 0)
        {
            return null;
        }

        var uscc = OrganizationOf(own);
        var last = own[^1].Sequence;
        var facts = uscc is null
            ? []
            : await db.AuditEntries.AsNoTracking()
                .Where(e => e.Subjects.Contains(uscc) && OrganizationFacts.Contains(e.EventType) && e.Sequence < last)
                .ToListAsync(cancellationToken);
        var shown = own.Concat(facts).DistinctBy(e => e.Sequence).ToDictionary(e => e.Sequence);
        var first = shown.Keys.Min();

        var entries = new List<PacketEntry>();
        var links = new List<PacketLink>();
        string? startsAfter = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= first && e.Sequence <= last).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            startsAfter ??= entry.PreviousHash;
            if (shown.ContainsKey(entry.Sequence))
            {
                entries.Add(ToPacket(entry, Sections.GetValueOrDefault(entry.EventType, "other")));
            }
            else if (entry.HashVersion >= 2)
            {
                links.Add(new PacketLink(entry.Sequence, AuditChain.ContentDigest(entry.Content)));
            }
            else
            {
                // Written before content digests: only the whole entry proves its link.
                entries.Add(ToPacket(entry, "trail"));
            }
        }

        return new DecisionPacket
        {
            Format = DecisionPacket.CurrentFormat,
            ApplicationId = applicationId,
            OrganizationUscc = uscc ?? string.Empty,
            GeneratedAt = calendar.Now(),
            StartsAfterHash = startsAfter ?? AuditChain.GenesisHash,
            Head = new PacketHead(last, own[^1].Hash),
            Entries = entries,
            Links = links,
        };
    }

    /// <summary>The organisation, from the first event about the application that names it.</summary>
    private static string? OrganizationOf(IEnumerable<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            using var data = JsonDocument.Parse(entry.DataJson);
            if (data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty("organizationUscc", out var uscc) && uscc.GetString() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private static PacketEntry ToPacket(AuditEntry entry, string section) => new()
    {
        Section = section,
        Sequence = entry.Sequence,
        HashVersion = entry.HashVersion,
        Subjects = entry.Subjects,
        EventType = entry.EventType,
        MessageId = entry.MessageId,
        Actor = entry.Actor,
        ActorRole = entry.ActorRole,
        Summary = entry.Summary,
        Data = entry.DataJson,
        OccurredAt = entry.OccurredAt,
        RecordedAt = entry.RecordedAt,
        PreviousHash = entry.PreviousHash,
        Hash = entry.Hash,
    };
}

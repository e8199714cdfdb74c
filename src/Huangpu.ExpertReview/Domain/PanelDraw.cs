using System.Security.Cryptography;
using System.Text;

namespace Huangpu.ExpertReview.Domain;

/// <summary>The panel's size and composition (configuration; the brief's defaults).</summary>
public sealed class PanelOptions
{
    /// <summary>Members of a panel: odd, so a vote never ties (default 5).</summary>
    public int Size { get; set; } = 5;

    /// <summary>At least this many fair-competition-review advisers on every panel.</summary>
    public int MinFairCompetitionAdvisers { get; set; } = 1;

    /// <summary>At least this many experts of third-party professional institutions on every panel.</summary>
    public int MinThirdPartyInstitution { get; set; } = 1;
}

/// <summary>An organisation linked to the applicant (from the Registry), with how.</summary>
public sealed record ApplicantLink(string Uscc, IReadOnlyList<string> Reasons);

/// <summary>A member drawn onto the panel.</summary>
public sealed record PanelMember(Guid ExpertId, ExpertKind Kind);

/// <summary>An expert excluded for a conflict of interest (回避), with the reason and the organisation it runs through.</summary>
public sealed record Recusal(Guid ExpertId, string Reason, string ThroughUscc);

/// <summary>What a draw gives: the members, or why no panel can be drawn yet; the recusals either way.</summary>
public sealed record DrawResult(IReadOnlyList<PanelMember> Members, IReadOnlyList<Recusal> Recusals, string? PendingReason)
{
    public bool Drawn => PendingReason is null;
}

/// <summary>
/// The panel draw (随机抽取): the available experts without a conflict with the applicant, ordered by a hash of
/// the seed and each expert's id, so the order is random, recorded by its seed, and the same pool and seed
/// always give the same panel (whatever order the pool is read in). The required kinds are filled first, in that
/// order, then the remaining seats. Too few eligible experts is a pending draw with the reason, never a smaller
/// panel.
/// </summary>
public static class PanelDraw
{
    public const string EmployedByApplicant = "EMPLOYED_BY_APPLICANT";
    public const string DeclaredTie = "DECLARED_TIE";

    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static DrawResult Draw(IEnumerable<Expert> pool, string applicantUscc, IReadOnlyList<ApplicantLink> links, string seed, PanelOptions options)
    {
        var linked = links.ToDictionary(l => l.Uscc, StringComparer.Ordinal);
        var recusals = new List<Recusal>();
        var eligible = new List<Expert>();
        foreach (var expert in pool.Where(e => e.Available))
        {
            if (Conflict(expert, applicantUscc, linked) is { } recusal)
            {
                recusals.Add(recusal);
            }
            else
            {
                eligible.Add(expert);
            }
        }

        var key = Encoding.UTF8.GetBytes(seed);
        var ordered = eligible.OrderBy(e => Rank(key, e.Id)).ThenBy(e => e.Id).ToList();
        var members = new List<Expert>();
        var shortfalls = new List<string>();
        void Require(ExpertKind kind, int count, string name)
        {
            var chosen = ordered.Where(e => e.Kind == kind && !members.Contains(e)).Take(count).ToList();
            members.AddRange(chosen);
            if (chosen.Count < count)
            {
                shortfalls.Add($"{chosen.Count} eligible {name} of {count} needed / 可抽取的{(kind == ExpertKind.FairCompetitionAdviser ? "公平竞争审查顾问" : "第三方专业机构专家")}仅 {chosen.Count} 名（需 {count} 名）");
            }
        }

        Require(ExpertKind.FairCompetitionAdviser, options.MinFairCompetitionAdvisers, "fair-competition-review advisers");
        Require(ExpertKind.ThirdPartyInstitution, options.MinThirdPartyInstitution, "third-party institution experts");
        members.AddRange(ordered.Where(e => !members.Contains(e)).Take(Math.Max(0, options.Size - members.Count)));
        if (members.Count < options.Size)
        {
            shortfalls.Add($"{eligible.Count} eligible experts for a panel of {options.Size} / 可抽取专家 {eligible.Count} 名，不足 {options.Size} 名");
        }

        var recused = recusals.OrderBy(r => r.ExpertId).ToList();
        return shortfalls.Count > 0
            ? new DrawResult([], recused, string.Join("; ", shortfalls))
            : new DrawResult([.. members.Select(m => new PanelMember(m.Id, m.Kind))], recused, null);
    }

    /// <summary>An expert's place in the seed's order: the first 64 bits of SHA-256(seed ‖ expert id), recomputable by anyone.</summary>
    private static ulong Rank(byte[] seed, Guid expertId)
    {
        Span<byte> input = stackalloc byte[seed.Length + 16];
        seed.CopyTo(input);
        expertId.TryWriteBytes(input[seed.Length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>
    /// The first conflict between an expert and the applicant: employed by it, employed by an organisation linked to
    /// it (a shared legal representative, shareholder or senior manager, a shared address, a shareholding), or a
    /// declared tie to either.
    /// </summary>
    public static Recusal? Conflict(Expert expert, string applicantUscc, IReadOnlyDictionary<string, ApplicantLink> linked)
    {
        if (string.Equals(expert.EmployerUscc, applicantUscc, StringComparison.Ordinal))
        {
            return new Recusal(expert.Id, EmployedByApplicant, applicantUscc);
        }

        if (expert.EmployerUscc.Length > 0 && linked.TryGetValue(expert.EmployerUscc, out var employer))
        {
            return new Recusal(expert.Id, employer.Reasons[0], employer.Uscc);
        }

        foreach (var tie in expert.Ties)
        {
            if (string.Equals(tie, applicantUscc, StringComparison.Ordinal) || linked.ContainsKey(tie))
            {
                return new Recusal(expert.Id, DeclaredTie, tie);
            }
        }

        return null;
    }
}

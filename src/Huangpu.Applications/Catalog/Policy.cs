namespace Huangpu.Applications.Catalog;

/// <summary>How an item's award is set (奖励方式).</summary>
public enum AwardRule
{
    /// <summary>"经综合评估，给予不超过 N 万元的奖励": at most the cap, after comprehensive evaluation.</summary>
    Cap = 1,

    /// <summary>14.1: 1:1 matching of the city's Bole award, exactly its amount, without expert scoring.</summary>
    Matching1To1 = 2,

    /// <summary>14.3: "按规定给予奖励支持": the amount is set at approval under the applicable regulation.</summary>
    PerRegulation = 3,

    /// <summary>Items 1 and 2: "按规定享受相关政策扶持": support comes under other policies; applications are refused with that explanation.</summary>
    Referral = 4,
}

/// <summary>An application round (申报批次): submissions dated from <see cref="OpensOn"/> to <see cref="ClosesOn"/>, inclusive, in the policy's time zone.</summary>
public sealed record ApplicationRound(string RoundId, DateOnly OpensOn, DateOnly ClosesOn)
{
    public bool IsOpenOn(DateOnly date) => OpensOn <= date && date <= ClosesOn;
}

public sealed record PolicyItem(
    string Code,
    string Clause,
    string Title,
    string Rewards,
    string Conditions,
    AwardRule AwardRule,
    long? CapFen,
    string? ReferralNote,
    string? NonCashSupport,
    IReadOnlyList<ApplicationRound> Rounds);

public sealed record PolicyMeasure(int Number, string Title, IReadOnlyList<PolicyItem> Items);

public sealed record PolicyGroup(string Code, string Clause, string Title, IReadOnlyList<PolicyMeasure> Measures);

/// <summary>A support policy as versioned data: a successor policy is another catalog file, no code change.</summary>
public sealed record Policy(
    string PolicyId,
    string DocumentNumber,
    string Title,
    DateOnly IssuedOn,
    IReadOnlyList<string> Issuers,
    string InterpretedBy,
    string Contact,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    /// <summary>The zone the text's dates are in; the loader checks it is the platform calendar's.</summary>
    TimeZoneInfo TimeZone,
    IReadOnlyList<PolicyGroup> Groups)
{
    public IEnumerable<PolicyItem> Items => Groups.SelectMany(g => g.Measures).SelectMany(m => m.Items);

    public PolicyItem? Item(string code) => Items.FirstOrDefault(i => i.Code == code);

    /// <summary>The measure group an item belongs to (its rubric in expert review is the group's).</summary>
    public PolicyGroup? GroupOf(string itemCode) => Groups.FirstOrDefault(g => g.Measures.Any(m => m.Items.Any(i => i.Code == itemCode)));

    /// <summary>Whether an expert panel scores the item: every item awarded "after comprehensive evaluation" (a cap).</summary>
    public static bool IsScored(PolicyItem item) => item.AwardRule == AwardRule.Cap;

    /// <summary>In force on a date of the policies' calendar: validFrom ≤ date ≤ validTo.</summary>
    public bool IsInForceOn(DateOnly date) => ValidFrom <= date && date <= ValidTo;
}

/// <summary>Every policy loaded at start-up; several may be in force side by side.</summary>
public sealed class PolicyCatalog(IReadOnlyList<Policy> policies)
{
    public IReadOnlyList<Policy> Policies { get; } = policies;

    public Policy? Find(string policyId) => Policies.FirstOrDefault(p => string.Equals(p.PolicyId, policyId, StringComparison.Ordinal));

    public IReadOnlyList<Policy> InForceOn(DateOnly date) => [.. Policies.Where(p => p.IsInForceOn(date))];
}

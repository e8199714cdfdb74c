using Huangpu.Contracts;
namespace Huangpu.Payments.Domain;

/// <summary>A ceiling within the year's appropriation for one measure group.</summary>
public sealed record GroupAppropriation(string GroupCode, long AppropriationFen);

/// <summary>What a year's money is doing, from the ledger: per account, in total and per group.</summary>
public sealed record BudgetUse(long Available, long Committed, long Obligated, long Disbursed, IReadOnlyDictionary<string, long> SpentByGroup)
{
    /// <summary>Committed, obligated and disbursed: everything no longer available.</summary>
    public long Spent => Committed + Obligated + Disbursed;

    public long SpentInGroup(string groupCode) => SpentByGroup.GetValueOrDefault(groupCode);
}

/// <summary>A refused budget step, naming what was short.</summary>
public sealed class BudgetException(string reason, string english, string chinese) : Exception(english)
{
    public string Reason { get; } = reason;

    public string Chinese { get; } = chinese;
}

/// <summary>
/// A year's appropriation (年度预算), set by finance, optionally with ceilings per measure group. The rules of the
/// budget live here: an appropriation never falls below what is already spent, and a commitment never overdraws
/// the year or its group.
/// </summary>
public sealed class Budget
{
    private Budget()
    {
    }

    public int Year { get; private set; }

    public long AppropriationFen { get; private set; }

    public List<GroupAppropriation> Groups { get; private set; } = [];

    public long Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Budget For(int year) => new() { Year = year };

    /// <summary>Sets the appropriation; returns the change the ledger records (positive: more available).</summary>
    public long Set(long appropriationFen, IReadOnlyList<GroupAppropriation> groups, BudgetUse use, DateTimeOffset now)
    {
        if (appropriationFen < use.Spent)
        {
            throw new BudgetException(
                "BELOW_SPENT",
                $"The {Year} appropriation cannot fall below the {AmountText.English(use.Spent)} already committed, obligated or disbursed.",
                $"{Year} 年度预算不得低于已承诺、已确认和已拨付的 {AmountText.Chinese(use.Spent)}。");
        }

        if (groups.Sum(g => g.AppropriationFen) > appropriationFen)
        {
            throw new BudgetException("GROUPS_ABOVE_TOTAL", "The groups' ceilings add up to more than the year's appropriation.", "各组上限之和超过年度预算。");
        }

        if (groups.FirstOrDefault(g => g.AppropriationFen < use.SpentInGroup(g.GroupCode)) is { } tight)
        {
            throw new BudgetException(
                "BELOW_SPENT",
                $"Group {tight.GroupCode}'s ceiling cannot fall below the {AmountText.English(use.SpentInGroup(tight.GroupCode))} it already uses.",
                $"第 {tight.GroupCode} 组上限不得低于已使用的 {AmountText.Chinese(use.SpentInGroup(tight.GroupCode))}。");
        }

        var change = appropriationFen - AppropriationFen;
        AppropriationFen = appropriationFen;
        Groups = [.. groups];
        Version++;
        UpdatedAt = now;
        return change;
    }

    /// <summary>Refuses a commitment the year or the group cannot cover, naming the shortfall.</summary>
    public void RequireCovers(long amountFen, string groupCode, BudgetUse use)
    {
        if (amountFen > use.Available)
        {
            var shortfall = amountFen - use.Available;
            throw new BudgetException(
                "BUDGET_SHORTFALL",
                $"The {Year} budget has {AmountText.English(use.Available)} available; {AmountText.English(amountFen)} would overdraw it by {AmountText.English(shortfall)}.",
                $"{Year} 年度预算可用 {AmountText.Chinese(use.Available)}，核定 {AmountText.Chinese(amountFen)}将超支 {AmountText.Chinese(shortfall)}。");
        }

        if (Groups.FirstOrDefault(g => g.GroupCode == groupCode) is { } group && amountFen > group.AppropriationFen - use.SpentInGroup(groupCode))
        {
            var available = group.AppropriationFen - use.SpentInGroup(groupCode);
            throw new BudgetException(
                "GROUP_BUDGET_SHORTFALL",
                $"Group {groupCode} has {AmountText.English(available)} available in {Year}; {AmountText.English(amountFen)} would overdraw it by {AmountText.English(amountFen - available)}.",
                $"第 {groupCode} 组 {Year} 年可用 {AmountText.Chinese(available)}，核定 {AmountText.Chinese(amountFen)}将超支 {AmountText.Chinese(amountFen - available)}。");
        }
    }
}

/// <summary>An award's commitment against the budget, one per application.</summary>
public sealed class Commitment
{
    private Commitment()
    {
    }

    public Guid ApplicationId { get; private set; }

    public int Year { get; private set; }

    public string PolicyId { get; private set; } = string.Empty;

    public string GroupCode { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public string OrganizationUscc { get; private set; } = string.Empty;

    public long AmountFen { get; private set; }

    /// <summary>Released (the award was declined after approval): the amount is available again.</summary>
    public bool Released { get; private set; }

    public DateTimeOffset CommittedAt { get; private set; }

    public PostingDimensions Dimensions => new(Year, GroupCode, ItemCode, OrganizationUscc, ApplicationId);

    public static Commitment Create(Guid applicationId, int year, string policyId, string groupCode, string itemCode, string uscc, long amountFen, DateTimeOffset now) => new()
    {
        ApplicationId = applicationId,
        Year = year,
        PolicyId = policyId,
        GroupCode = groupCode,
        ItemCode = itemCode,
        OrganizationUscc = uscc,
        AmountFen = amountFen,
        CommittedAt = now,
    };

    public void Release() => Released = true;

    /// <summary>Committed again (a new approval after an objection sent it back), possibly for another amount.</summary>
    public void Renew(long amountFen, DateTimeOffset now)
    {
        AmountFen = amountFen;
        Released = false;
        CommittedAt = now;
    }
}

using Huangpu.Applications.Catalog;
using Huangpu.Applications.Intake;

namespace Huangpu.Applications.Disclosure;

/// <summary>A final award as the statistics count it.</summary>
public sealed record CountedAward(string ItemCode, long AmountFen, DateOnly FinalisedOn);

public sealed record ItemTally(PolicyItem Item, string GroupCode, int Awards, long AwardedFen, long LargestAwardFen, int AwardsAtCap);

public sealed record GroupTally(PolicyGroup Group, int Awards, long AwardedFen, long? AppropriationFen);

public sealed record YearTally(int Year, int Awards, long AwardedFen);

/// <summary>
/// The public statistics of a policy's final awards (公开统计): by measure group, by item (beside the item's cap:
/// the largest award and how many reached the cap) and by year, and the year's appropriation when one is set.
/// Every item of the catalog is listed, awarded or not.
/// </summary>
public sealed record AwardStatistics(Policy Policy, int Year, int Awards, long AwardedFen, YearBudget? Budget, IReadOnlyList<GroupTally> Groups, IReadOnlyList<ItemTally> Items, IReadOnlyList<YearTally> Years)
{
    /// <summary>The awards of <paramref name="year"/> (the year they were finalised in), or of every year when it is 0.</summary>
    public static AwardStatistics Count(Policy policy, IReadOnlyList<CountedAward> all, int year, YearBudget? budget)
    {
        var counted = year == 0 ? all : [.. all.Where(a => a.FinalisedOn.Year == year)];
        var items = policy.Groups
            .SelectMany(g => g.Measures.SelectMany(m => m.Items).Select(item => (Group: g, Item: item)))
            .Select(x =>
            {
                var awards = counted.Where(a => a.ItemCode == x.Item.Code).ToList();
                return new ItemTally(
                    x.Item,
                    x.Group.Code,
                    awards.Count,
                    awards.Sum(a => a.AmountFen),
                    awards.Count == 0 ? 0 : awards.Max(a => a.AmountFen),
                    x.Item.CapFen is { } cap ? awards.Count(a => a.AmountFen == cap) : 0);
            })
            .ToList();
        var groups = policy.Groups
            .Select(g => new GroupTally(
                g,
                items.Where(i => i.GroupCode == g.Code).Sum(i => i.Awards),
                items.Where(i => i.GroupCode == g.Code).Sum(i => i.AwardedFen),
                budget?.GroupAppropriationFen.TryGetValue(g.Code, out var appropriation) == true ? appropriation : null))
            .ToList();
        var years = counted.GroupBy(a => a.FinalisedOn.Year).OrderBy(y => y.Key).Select(y => new YearTally(y.Key, y.Count(), y.Sum(a => a.AmountFen))).ToList();
        return new AwardStatistics(policy, year, counted.Count, counted.Sum(a => a.AmountFen), budget, groups, items, years);
    }
}

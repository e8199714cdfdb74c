using Huangpu.Applications.Catalog;
using Huangpu.Applications.Disclosure;
using Huangpu.Applications.Intake;

namespace Huangpu.Applications.Tests;

public sealed class AwardStatisticsTests
{
    private static readonly Policy Hrs = CatalogLoader.Parse("HRS-2024-2.json", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalog", "Data", "HRS-2024-2.json")));

    private static readonly CountedAward[] Awards =
    [
        new("4.2", 20_000_000, new DateOnly(2025, 11, 3)),
        new("4.2", 5_000_000, new DateOnly(2026, 3, 1)),
        new("4.2", 20_000_000, new DateOnly(2026, 6, 1)),
        new("14.1", 8_000_000, new DateOnly(2026, 6, 2)),
    ];

    [Fact]
    public void A_year_counts_its_awards_by_item_and_group_beside_the_caps_and_its_appropriation()
    {
        var group = Hrs.GroupOf("4.2")!.Code;
        var budget = new YearBudget(2026, 1_000_000_000, 25_000_000, new Dictionary<string, long> { [group] = 300_000_000 });

        var statistics = AwardStatistics.Count(Hrs, Awards, 2026, budget);

        Assert.Equal((3, 33_000_000L), (statistics.Awards, statistics.AwardedFen));
        var item = statistics.Items.Single(i => i.Item.Code == "4.2");
        Assert.Equal((2, 25_000_000L, 20_000_000L, 1), (item.Awards, item.AwardedFen, item.LargestAwardFen, item.AwardsAtCap));
        Assert.Equal(20_000_000, item.Item.CapFen);
        var matching = statistics.Items.Single(i => i.Item.Code == "14.1");
        Assert.Equal((1, 0), (matching.Awards, matching.AwardsAtCap)); // no cap: never "at cap"
        Assert.Equal(Hrs.Items.Count(), statistics.Items.Count); // every item, awarded or not
        Assert.Equal(0, statistics.Items.Single(i => i.Item.Code == "18.1").Awards);

        var tally = statistics.Groups.Single(g => g.Group.Code == group);
        Assert.Equal((2, 25_000_000L, (long?)300_000_000), (tally.Awards, tally.AwardedFen, tally.AppropriationFen));
        Assert.Null(statistics.Groups.First(g => g.Group.Code != group).AppropriationFen);
        Assert.Equal(statistics.AwardedFen, statistics.Groups.Sum(g => g.AwardedFen));
        Assert.Equal([2026], statistics.Years.Select(y => y.Year));
    }

    [Fact]
    public void Every_year_lists_each_year_apart_and_no_budget()
    {
        var statistics = AwardStatistics.Count(Hrs, Awards, 0, null);
        Assert.Equal((4, 53_000_000L), (statistics.Awards, statistics.AwardedFen));
        Assert.Equal([(2025, 1, 20_000_000L), (2026, 3, 33_000_000L)], statistics.Years.Select(y => (y.Year, y.Awards, y.AwardedFen)));
        Assert.Null(statistics.Budget);
    }
}

using Huangpu.ExpertReview.Domain;

namespace Huangpu.ExpertReview.Tests;

/// <summary>The panel's arithmetic on hand-computed cases, and a review's scoring round.</summary>
public sealed class ScoringTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly Rubric OneCriterion = new("HRS-2024-2", "2", [new RubricCriterion("ALL", "总体", 100, "")]);

    [Theory]
    // 85, 60, 82, 80, 79: drop 85 and 60, mean of 82, 80, 79 = 241 / 3 = 80.333… → 80.33.
    [InlineData(new[] { 85.0, 60.0, 82.0, 80.0, 79.0 }, 80.33)]
    // Four scores are not trimmed: (70 + 90 + 50 + 65) / 4 = 68.75.
    [InlineData(new[] { 70.0, 90.0, 50.0, 65.0 }, 68.75)]
    // 100, 0, 50, 50, 50, 51: drop 100 and 0, (50 + 50 + 50 + 51) / 4 = 50.25.
    [InlineData(new[] { 100.0, 0.0, 50.0, 50.0, 50.0, 51.0 }, 50.25)]
    public void The_panel_score_is_the_mean_after_dropping_one_highest_and_one_lowest_from_five_scores(double[] totals, double expected) =>
        Assert.Equal((decimal)expected, PanelResult.TrimmedMean([.. totals.Select(t => (decimal)t)], 5));

    [Theory]
    [InlineData(new long[] { 300, 100, 200, 500, 400 }, 300)]
    [InlineData(new long[] { 300, 100, 200, 400 }, 200)] // even: the lower middle
    [InlineData(new long[] { 7 }, 7)]
    public void The_recommendation_is_the_median_of_the_recommended_amounts(long[] amounts, long median) =>
        Assert.Equal(median, PanelResult.Median(amounts));

    [Fact]
    public void The_recommendation_never_exceeds_the_requested_amount_or_the_cap()
    {
        Assert.Equal(250, PanelResult.Recommendation([300, 400, 500], requestedFen: 250, capFen: 1000));
        Assert.Equal(200, PanelResult.Recommendation([300, 400, 500], requestedFen: 1000, capFen: 200));
        Assert.Equal(400, PanelResult.Recommendation([300, 400, 500], requestedFen: 1000, capFen: 1000));
    }

    [Fact]
    public void Scores_85_60_82_80_79_spread_25_force_consensus_under_a_threshold_below_25_and_stand_under_the_default_30()
    {
        var strict = Score(new ScoringOptions { SpreadThreshold = 20 }, 85, 60, 82, 80, 79);
        Assert.Equal(ReviewStatus.AwaitingConsensus, strict.Status);
        Assert.Equal(25m, strict.Spread);

        var defaults = Score(new ScoringOptions(), 85, 60, 82, 80, 79);
        Assert.Equal(ReviewStatus.Completed, defaults.Status);
        Assert.Equal(80.33m, defaults.PanelScore);
        Assert.True(defaults.Passed);
    }

    [Fact]
    public void A_spread_above_the_threshold_waits_for_the_consensus_and_the_consensus_score_decides()
    {
        var review = Score(new ScoringOptions(), 90, 55, 85, 80, 75);
        Assert.Equal(ReviewStatus.AwaitingConsensus, review.Status);
        Assert.Equal(35m, review.Spread);

        review.RecordConsensus(58m, "合议认为应用成效证据不足", "officer-1", new ScoringOptions(), Now);
        Assert.Equal(ReviewStatus.Completed, review.Status);
        Assert.False(review.Passed);
        Assert.Equal(0, review.RecommendedAmountFen);
    }

    [Fact]
    public void Below_the_pass_mark_the_review_fails_with_the_panel_s_comments_as_reasons()
    {
        var review = Score(new ScoringOptions(), 50, 55, 58, 52, 40);
        Assert.Equal(ReviewStatus.Completed, review.Status);
        Assert.Equal(52.33m, review.PanelScore);
        Assert.False(review.Passed);
        Assert.Equal(5, review.Reasons.Count);
    }

    [Fact]
    public void An_expert_scores_once_a_stranger_not_at_all_and_every_criterion_of_the_rubric_exactly()
    {
        var (review, members) = Drawn(5);
        review.Score(members[0], new Dictionary<string, int> { ["ALL"] = 70 }, "好", 100, OneCriterion, new ScoringOptions(), Now);
        Assert.Equal("ALREADY_SCORED", Assert.Throws<ReviewException>(() => review.Score(members[0], new Dictionary<string, int> { ["ALL"] = 90 }, "再评", 100, OneCriterion, new ScoringOptions(), Now)).Reason);
        Assert.Equal("NOT_ON_PANEL", Assert.Throws<ReviewException>(() => review.Score(Guid.NewGuid(), new Dictionary<string, int> { ["ALL"] = 90 }, "外人", 100, OneCriterion, new ScoringOptions(), Now)).Reason);
        Assert.Equal("RUBRIC_MISMATCH", Assert.Throws<ReviewException>(() => review.Score(members[1], new Dictionary<string, int> { ["OTHER"] = 90 }, "错项", 100, OneCriterion, new ScoringOptions(), Now)).Reason);
        Assert.Single(review.Scores);
    }

    [Fact]
    public void The_total_weights_each_criterion()
    {
        var rubric = new Rubric("HRS-2024-2", "2", [new("A", "a", 30, ""), new("B", "b", 70, "")]);
        Assert.Equal(73.5m, rubric.Total(new Dictionary<string, int> { ["A"] = 56, ["B"] = 81 })); // 16.8 + 56.7
    }

    private static Review Score(ScoringOptions options, params int[] totals)
    {
        var (review, members) = Drawn(totals.Length);
        for (var i = 0; i < totals.Length; i++)
        {
            review.Score(members[i], new Dictionary<string, int> { ["ALL"] = totals[i] }, $"意见{i}", 1_000_000 + i, OneCriterion, options, Now);
        }

        return review;
    }

    private static (Review Review, List<Guid> Members) Drawn(int size)
    {
        var review = Review.Request(Guid.CreateVersion7(), "91310101MA1FL3X21R", "HRS-2024-2", "4.2", "2", 15_000_000, 20_000_000, Now);
        var members = Enumerable.Range(0, size).Select(_ => Guid.NewGuid()).ToList();
        review.ApplyDraw(new DrawResult([.. members.Select(m => new PanelMember(m, ExpertKind.Industry))], [], null), "seed", Now);
        return (review, members);
    }
}

using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;

namespace Huangpu.Applications.Tests;

/// <summary>Joint review's rules: the quorum, the fair-competition opinion, and which amount may be approved.</summary>
public sealed class JointReviewTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly AwardTerms Capped = new(AwardRule.Cap, CapFen: 20_000_000, RequestedFen: 15_000_000, CityAwardFen: null);

    [Fact]
    public void Unasked_the_approved_amount_is_the_panel_s_recommendation()
    {
        Assert.Equal(12_000_000, JointReview.DecideAmount(Capped, recommendedFen: 12_000_000, asked: 0, reason: null, regulation: null));
    }

    [Fact]
    public void Another_amount_needs_a_reason_and_never_exceeds_the_request_or_the_cap()
    {
        Assert.Equal("reason", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(Capped, 12_000_000, 10_000_000, null, null)).Field);
        Assert.Equal(10_000_000, JointReview.DecideAmount(Capped, 12_000_000, 10_000_000, "成效证据不足，酌减", null));
        Assert.Equal("ABOVE_LIMIT", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(Capped, 12_000_000, 15_000_001, "多给", null)).Reason);
        Assert.Equal("ABOVE_LIMIT", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(Capped with { RequestedFen = 30_000_000 }, 12_000_000, 20_000_001, "多给", null)).Reason);
    }

    [Fact]
    public void A_matching_1_to_1_award_is_exactly_the_city_award()
    {
        var bole = new AwardTerms(AwardRule.Matching1To1, null, 5_000_000, CityAwardFen: 5_000_000);
        Assert.Equal(5_000_000, JointReview.DecideAmount(bole, null, 0, null, null));
        Assert.Equal("MATCHING_1_TO_1", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(bole, null, 4_000_000, "减半", null)).Reason);
    }

    [Fact]
    public void A_per_regulation_award_states_its_amount_and_cites_the_regulation()
    {
        var postdoc = new AwardTerms(AwardRule.PerRegulation, null, 3_000_000, null);
        Assert.Equal("REGULATION_REQUIRED", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(postdoc, null, 2_000_000, null, null)).Reason);
        Assert.Equal("AMOUNT_REQUIRED", Assert.Throws<JointReviewException>(() => JointReview.DecideAmount(postdoc, null, 0, null, "沪人社规〔2023〕1号")).Reason);
        Assert.Equal(2_000_000, JointReview.DecideAmount(postdoc, null, 2_000_000, null, "沪人社规〔2023〕1号"));
    }

    [Fact]
    public void No_decision_before_the_quorum_voted_and_without_no_objection()
    {
        var options = new JointReviewOptions();
        var review = new JointReview();
        review.Vote(new JointVote("joint-1", true, 1, "同意", null, Now));
        review.Vote(new JointVote("joint-2", true, 1, "同意", null, Now));
        Assert.Equal("QUORUM_NOT_REACHED", Assert.Throws<JointReviewException>(() => review.RequireDecidable(options)).Reason);
        Assert.Equal("ALREADY_VOTED", Assert.Throws<JointReviewException>(() => review.Vote(new JointVote("joint-2", false, 0, "反对", "保留意见", Now))).Reason);

        review.Vote(new JointVote("joint-3", false, 0, "不同意", "材料存疑", Now));
        Assert.Equal("FAIR_COMPETITION_REVIEW_PENDING", Assert.Throws<JointReviewException>(() => review.RequireDecidable(options)).Reason);
        review.RecordFairCompetition(new FairCompetitionOpinion(false, "限定本地企业", Guid.NewGuid(), Now));
        Assert.Equal("FAIR_COMPETITION_OBJECTION", Assert.Throws<JointReviewException>(() => review.RequireDecidable(options)).Reason);
        review.RecordFairCompetition(new FairCompetitionOpinion(true, null, Guid.NewGuid(), Now.AddHours(1)));
        review.RequireDecidable(options);
    }
}

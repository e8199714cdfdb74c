using Huangpu.Contracts;
using System.Text.Json.Serialization;
using Huangpu.Applications.Catalog;

namespace Huangpu.Applications.Domain;

/// <summary>Joint review's rules (configuration; the brief's defaults).</summary>
public sealed class JointReviewOptions
{
    /// <summary>Votes needed before a case officer may record the decision (default 3).</summary>
    public int Quorum { get; set; } = 3;
}

/// <summary>One joint reviewer's vote: APPROVE or DECLINE, an amount, a reason, and dissent if any (异议意见).</summary>
public sealed record JointVote(string Reviewer, bool Approve, long AmountFen, string Reason, string? Dissent, DateTimeOffset CastAt);

/// <summary>The fair-competition adviser's latest opinion on the application.</summary>
public sealed record FairCompetitionOpinion(bool NoObjection, string? Notes, Guid ReviewId, DateTimeOffset RecordedAt);

/// <summary>Joint review's decision: the approved amount (or a decline), why, and for 14.3 the regulation cited.</summary>
public sealed record JointDecision(bool Approve, long AmountFen, string? Reason, string? Regulation, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>What an award may be: the item's rule and cap, the amount requested, the city award of a 14.1 application.</summary>
public sealed record AwardTerms(AwardRule Rule, long? CapFen, long RequestedFen, long? CityAwardFen);

/// <summary>A refused step of joint review (FailedPrecondition or InvalidArgument naming the field).</summary>
public sealed class JointReviewException(string reason, string english, string chinese, string? field = null) : Exception(english)
{
    public string Reason { get; } = reason;

    public string Chinese { get; } = chinese;

    /// <summary>The request field at fault, when the refusal is about one (InvalidArgument), else null (FailedPrecondition).</summary>
    public string? Field { get; } = field;
}

/// <summary>
/// The joint review (联合评审) of one application: the expert panel's result it starts from, the fair-competition
/// opinion, the members' votes and the decision. The one home of the rules of the decision: the quorum, the
/// NO_OBJECTION it needs, and which amount may be approved (<see cref="DecideAmount"/>). Kept as JSON beside its
/// application (hence the JsonInclude on its private setters).
/// </summary>
public sealed class JointReview
{
    [JsonInclude]
    public decimal? PanelScore { get; private set; }

    [JsonInclude]
    public long? RecommendedAmountFen { get; private set; }

    [JsonInclude]
    public FairCompetitionOpinion? FairCompetition { get; private set; }

    [JsonInclude]
    public List<JointVote> Votes { get; private set; } = [];

    [JsonInclude]
    public JointDecision? Decision { get; private set; }

    /// <summary>The panel's result, as ExpertReview reported it.</summary>
    public void RecordPanel(decimal panelScore, long recommendedFen)
    {
        PanelScore = panelScore;
        RecommendedAmountFen = recommendedFen;
    }

    /// <summary>A later opinion replaces an earlier one (an adviser may withdraw an objection after changes).</summary>
    public void RecordFairCompetition(FairCompetitionOpinion opinion)
    {
        if (FairCompetition is null || opinion.RecordedAt >= FairCompetition.RecordedAt)
        {
            FairCompetition = opinion;
        }
    }

    public void Vote(JointVote vote)
    {
        if (Votes.Any(v => v.Reviewer == vote.Reviewer))
        {
            throw new JointReviewException("ALREADY_VOTED", "This joint reviewer has already voted on this application.", "该联合评审成员已投票。");
        }

        if (vote.Reason.Length == 0)
        {
            throw new JointReviewException("REASON_REQUIRED", "A vote gives its reason.", "投票须说明理由。", "reason");
        }

        Votes.Add(vote);
    }

    /// <summary>The preconditions of any decision: the quorum voted, and the fair-competition adviser did not object.</summary>
    public void RequireDecidable(JointReviewOptions options)
    {
        if (Votes.Count < options.Quorum)
        {
            throw new JointReviewException("QUORUM_NOT_REACHED", $"{Votes.Count} of the {options.Quorum} votes the decision needs have been cast.", $"已投 {Votes.Count} 票，作出决定须 {options.Quorum} 票。");
        }

        if (FairCompetition is not { NoObjection: true })
        {
            throw FairCompetition is null
                ? new JointReviewException("FAIR_COMPETITION_REVIEW_PENDING", "No fair-competition-review opinion yet; a decision needs NO_OBJECTION.", "尚无公平竞争审查意见；作出决定须“无异议”。")
                : new JointReviewException("FAIR_COMPETITION_OBJECTION", $"The fair-competition adviser objected: {FairCompetition.Notes}", $"公平竞争审查顾问提出异议：{FairCompetition.Notes}");
        }
    }

    /// <summary>
    /// The amount an approval awards. Unasked (0), it is the default: the panel's recommendation; for 14.1 the city
    /// award, exactly; 14.3 has no default and states the amount with the regulation it cites. It is never above
    /// the requested amount or the item's cap, and an amount other than the default needs a reason.
    /// </summary>
    public static long DecideAmount(AwardTerms terms, long? recommendedFen, long asked, string? reason, string? regulation)
    {
        long? fallback = terms.Rule switch
        {
            AwardRule.Matching1To1 => terms.CityAwardFen,
            AwardRule.PerRegulation => null,
            _ => recommendedFen,
        };
        if (terms.Rule == AwardRule.PerRegulation && string.IsNullOrWhiteSpace(regulation))
        {
            throw new JointReviewException("REGULATION_REQUIRED", "Item 14.3's amount is set by citing the applicable regulation.", "第 14.3 项奖励金额须引用所依据的规定。", "regulation");
        }

        var amount = asked > 0 ? asked : fallback ?? throw new JointReviewException("AMOUNT_REQUIRED", "State the approved amount (there is no default for this item).", "须填写核定金额（该项无默认金额）。", "approvedAmountFen");
        if (terms.Rule == AwardRule.Matching1To1 && amount != terms.CityAwardFen)
        {
            throw new JointReviewException("MATCHING_1_TO_1", $"Item 14.1 is exactly the city award: {AmountText.English(terms.CityAwardFen ?? 0)}.", $"第 14.1 项奖励须等于市级奖励 {AmountText.Chinese(terms.CityAwardFen ?? 0)}。", "approvedAmountFen");
        }

        if (amount > terms.RequestedFen || (terms.CapFen is { } cap && amount > cap))
        {
            throw new JointReviewException(
                "ABOVE_LIMIT",
                $"{AmountText.English(amount)} is above the requested {AmountText.English(terms.RequestedFen)}{(terms.CapFen is { } c ? $" or the item's cap of {AmountText.English(c)}" : string.Empty)}.",
                $"{AmountText.Chinese(amount)}超过申请金额 {AmountText.Chinese(terms.RequestedFen)}{(terms.CapFen is { } c2 ? $"或该项上限 {AmountText.Chinese(c2)}" : string.Empty)}。",
                "approvedAmountFen");
        }

        if (fallback is { } standard && amount != standard && string.IsNullOrWhiteSpace(reason))
        {
            throw new JointReviewException("REASON_REQUIRED", $"An amount other than the default of {AmountText.English(standard)} needs a reason.", $"核定金额与默认金额 {AmountText.Chinese(standard)} 不同，须说明理由。", "reason");
        }

        return amount;
    }

    public void Decide(JointDecision decision) => Decision = decision;

    /// <summary>Back to joint review after an upheld objection: a new round of votes and a new decision.</summary>
    public void Reopen()
    {
        Votes = [];
        Decision = null;
    }
}

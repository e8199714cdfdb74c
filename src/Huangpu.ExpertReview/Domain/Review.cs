namespace Huangpu.ExpertReview.Domain;

public enum ReviewStatus
{
    /// <summary>Too few eligible experts (or the Registry unreachable): waiting, with the reason.</summary>
    PanelPending = 1,

    Scoring = 2,

    /// <summary>Every member scored and the spread is above the threshold: a case officer records the consensus.</summary>
    AwaitingConsensus = 3,

    Completed = 4,
}

/// <summary>One expert's score: 0–100 per criterion, the weighted total, a comment and a recommended amount.</summary>
public sealed record ExpertScore(Guid ExpertId, IReadOnlyDictionary<string, int> Criteria, decimal Total, string Comment, long RecommendedAmountFen, DateTimeOffset SubmittedAt);

/// <summary>The consensus (合议) a case officer records when the scores spread too far.</summary>
public sealed record ConsensusRecord(decimal PanelScore, string Rationale, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A refused step of a review, with a stable reason and the messages in both languages.</summary>
public sealed class ReviewException(string reason, string english, string chinese) : Exception(english)
{
    public string Reason { get; } = reason;

    public string Chinese { get; } = chinese;
}

/// <summary>
/// The expert review (专家评审) of one application: the panel drawn with its seed and recusals, each member's one
/// score, and the result. Every step checks the state it is taken in; the arithmetic is <see cref="PanelResult"/>'s.
/// </summary>
public sealed class Review
{
    private Review()
    {
    }

    public Guid ApplicationId { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public string PolicyId { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public string GroupCode { get; private set; } = string.Empty;

    public long RequestedAmountFen { get; private set; }

    public long CapFen { get; private set; }

    public ReviewStatus Status { get; private set; }

    public string? PendingReason { get; private set; }

    public string? Seed { get; private set; }

    public DateTimeOffset? DrawnAt { get; private set; }

    public List<PanelMember> Members { get; private set; } = [];

    public List<Recusal> Recusals { get; private set; } = [];

    public List<ExpertScore> Scores { get; private set; } = [];

    public ConsensusRecord? Consensus { get; private set; }

    public decimal? PanelScore { get; private set; }

    public decimal? Spread { get; private set; }

    public bool Passed { get; private set; }

    public long RecommendedAmountFen { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The round is closed once every member scored: from then on the scores are no longer secret from the panel.</summary>
    public bool RoundClosed => Status is ReviewStatus.AwaitingConsensus or ReviewStatus.Completed;

    public bool IsMember(Guid expertId) => Members.Any(m => m.ExpertId == expertId);

    public static Review Request(Guid applicationId, string uscc, string policyId, string itemCode, string groupCode, long requestedFen, long capFen, DateTimeOffset now) => new()
    {
        ApplicationId = applicationId,
        OrganizationUscc = uscc,
        PolicyId = policyId,
        ItemCode = itemCode,
        GroupCode = groupCode,
        RequestedAmountFen = requestedFen,
        CapFen = capFen,
        Status = ReviewStatus.PanelPending,
        PendingReason = "not drawn yet / 尚未抽取",
        Version = 1,
        CreatedAt = now,
    };

    /// <summary>Applies a draw: the panel and its recusals, or the reason it waits.</summary>
    public void ApplyDraw(DrawResult draw, string seed, DateTimeOffset now)
    {
        Require(ReviewStatus.PanelPending, "draw");
        Recusals = [.. draw.Recusals];
        Seed = seed;
        DrawnAt = now;
        if (draw.Drawn)
        {
            Members = [.. draw.Members];
            Status = ReviewStatus.Scoring;
            PendingReason = null;
        }
        else
        {
            PendingReason = draw.PendingReason;
        }

        Version++;
    }

    /// <summary>The draw could not be made (the Registry's links could not be read): the review waits with the reason.</summary>
    public void Wait(string reason)
    {
        Require(ReviewStatus.PanelPending, "draw");
        PendingReason = reason;
        Version++;
    }

    /// <summary>A member scores, once. The last score closes the round and computes the result (or asks for consensus).</summary>
    public void Score(Guid expertId, IReadOnlyDictionary<string, int> criteria, string comment, long recommendedFen, Rubric rubric, ScoringOptions options, DateTimeOffset now)
    {
        Require(ReviewStatus.Scoring, "score");
        if (!IsMember(expertId))
        {
            throw new ReviewException("NOT_ON_PANEL", "Only a member of the panel scores this application.", "仅评审组成员可评分。");
        }

        if (Scores.Any(s => s.ExpertId == expertId))
        {
            throw new ReviewException("ALREADY_SCORED", "This expert has already scored this application; a score is given once.", "该专家已评分，每位专家只评一次。");
        }

        var missing = rubric.Criteria.Where(c => !criteria.ContainsKey(c.Code)).Select(c => c.Code).ToList();
        var unknown = criteria.Keys.Where(k => rubric.Criteria.All(c => c.Code != k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ReviewException(
                "RUBRIC_MISMATCH",
                $"Score every criterion of the rubric once: missing {string.Join(", ", missing)}; unknown {string.Join(", ", unknown)}.",
                $"须对评分细则的每项标准各评一次分：缺少 {string.Join("、", missing)}；多余 {string.Join("、", unknown)}。");
        }

        Scores.Add(new ExpertScore(expertId, new Dictionary<string, int>(criteria), rubric.Total(criteria), comment, recommendedFen, now));
        if (Scores.Count == Members.Count)
        {
            Close(options);
        }

        Version++;
    }

    /// <summary>The consensus score and its rationale, by a case officer, when the spread required it.</summary>
    public void RecordConsensus(decimal panelScore, string rationale, string by, ScoringOptions options, DateTimeOffset now)
    {
        Require(ReviewStatus.AwaitingConsensus, "consensus");
        Consensus = new ConsensusRecord(panelScore, rationale, by, now);
        Decide(panelScore, options);
        Version++;
    }

    /// <summary>The panel's reasons, as a decline gives them: each member's comment.</summary>
    public IReadOnlyList<string> Reasons => [.. Scores.Select(s => s.Comment).Where(c => c.Length > 0)];

    private void Close(ScoringOptions options)
    {
        var totals = Scores.Select(s => s.Total).ToList();
        Spread = PanelResult.Spread(totals);
        PanelScore = PanelResult.TrimmedMean(totals, options.TrimFrom);
        if (Spread > options.SpreadThreshold)
        {
            Status = ReviewStatus.AwaitingConsensus;
            return;
        }

        Decide(PanelScore.Value, options);
    }

    private void Decide(decimal panelScore, ScoringOptions options)
    {
        PanelScore = panelScore;
        Passed = panelScore >= options.PassMark;
        RecommendedAmountFen = Passed ? PanelResult.Recommendation([.. Scores.Select(s => s.RecommendedAmountFen)], RequestedAmountFen, CapFen) : 0;
        Status = ReviewStatus.Completed;
    }

    private void Require(ReviewStatus status, string step)
    {
        if (Status != status)
        {
            throw new ReviewException(
                "ILLEGAL_STEP",
                $"'{step}' is not possible while the review is {Status}.",
                $"评审当前状态（{Status}）下不能执行“{step}”。");
        }
    }
}

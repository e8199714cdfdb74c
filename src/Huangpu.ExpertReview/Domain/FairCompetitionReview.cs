namespace Huangpu.ExpertReview.Domain;

public enum FairCompetitionOpinion
{
    NoObjection = 1,
    Objection = 2,
}

/// <summary>
/// A fair-competition-review adviser's opinion (公平竞争审查意见) over a list of applications, before joint review:
/// an objection names what would restrict competition.
/// </summary>
public sealed class FairCompetitionReview
{
    private FairCompetitionReview()
    {
    }

    public Guid Id { get; private set; }

    public List<Guid> ApplicationIds { get; private set; } = [];

    public FairCompetitionOpinion Opinion { get; private set; }

    public string Notes { get; private set; } = string.Empty;

    public Guid AdviserId { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static FairCompetitionReview Record(IReadOnlyList<Guid> applicationIds, FairCompetitionOpinion opinion, string notes, Guid adviserId, DateTimeOffset now)
    {
        if (opinion == FairCompetitionOpinion.Objection && string.IsNullOrWhiteSpace(notes))
        {
            throw new ReviewException("NOTES_REQUIRED", "An objection says what would restrict competition (notes).", "提出异议须在说明中写明妨碍公平竞争之处。");
        }

        return new FairCompetitionReview
        {
            Id = Guid.CreateVersion7(now),
            ApplicationIds = [.. applicationIds.Distinct()],
            Opinion = opinion,
            Notes = notes.Trim(),
            AdviserId = adviserId,
            RecordedAt = now,
        };
    }
}

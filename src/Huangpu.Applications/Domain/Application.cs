using Huangpu.Contracts;
using System.Globalization;

namespace Huangpu.Applications.Domain;

/// <summary>Inclusive project dates.</summary>
public sealed record ProjectPeriod(DateOnly Start, DateOnly End)
{
    public bool Overlaps(DateOnly from, DateOnly to) => Start <= to && from <= End;

    public bool Overlaps(ProjectPeriod other) => Overlaps(other.Start, other.End);
}

/// <summary>The signed commitment (承诺书).</summary>
public sealed record Declaration(string TextVersion, string SignerName, DateTimeOffset SignedAt);

/// <summary>What a piece of evidence is about: this project (the default), or the organisation itself.</summary>
public enum DocumentScope
{
    /// <summary>Evidence of this project: a document two applications share makes them the same project.</summary>
    Project = 0,

    /// <summary>Evidence about the organisation (business licence, audited accounts, tax certificate), reused across its applications.</summary>
    Organization = 1,
}

/// <summary>Evidence referenced by the SHA-256 of its uploaded bytes.</summary>
public sealed record DocumentRef(string Sha256, string Name, DocumentScope Scope = DocumentScope.Project);

/// <summary>What an applicant sends: the body of a submission or a draft.</summary>
public sealed record ApplicationContent(
    string PolicyId,
    string OrganizationUscc,
    string ItemCode,
    string Title,
    string Summary,
    ProjectPeriod? ProjectPeriod,
    long RequestedAmountFen,
    Declaration? Declaration,
    IReadOnlyList<DocumentRef> Documents);

/// <summary>
/// An application (申报) for one item of one policy by one organisation. Its status and history belong to
/// <see cref="ApplicationLifecycle"/>, the one owner of transitions.
/// </summary>
public sealed class Application
{
    private Application()
    {
    }

    public Guid Id { get; private set; }

    public string PolicyId { get; private set; } = string.Empty;

    public string OrganizationUscc { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    /// <summary>The round (申报批次) the submission fell in; empty for a draft not yet submitted.</summary>
    public string RoundId { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    /// <summary>The title as the same-project rule compares it (<see cref="SameProject.NormalizeTitle"/>), kept for its index.</summary>
    public string NormalizedTitle { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    public ProjectPeriod? ProjectPeriod { get; private set; }

    public long RequestedAmountFen { get; private set; }

    public Declaration? Declaration { get; private set; }

    public List<DocumentRef> Documents { get; private set; } = [];

    /// <summary>免申即享: created by the platform from the city HR bureau's award list.</summary>
    public bool ApplyFree { get; private set; }

    /// <summary>The city award (14.1) this application matches 1:1, with the feed record it came from.</summary>
    public long? CityAwardFen { get; private set; }

    public string? CityAwardRecordId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public ApplicationLifecycle Lifecycle { get; private set; } = null!;

    /// <summary>The expert panel's result, the fair-competition opinion, the votes and the decision.</summary>
    public JointReview JointReview { get; private set; } = new();

    /// <summary>The amount joint review approved (联合评审核定金额); what the notice publishes and finance pays.</summary>
    public long? ApprovedAmountFen { get; private set; }

    public ApplicationStatus Status => Lifecycle.Status;

    public long Version => Lifecycle.Version;

    public static Application Create(ApplicationContent content, string roundId, bool draft, Actor by, DateTimeOffset now)
    {
        var application = new Application
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            Lifecycle = ApplicationLifecycle.Create(draft, by, now),
        };
        application.SetContent(content);
        if (!draft)
        {
            application.RoundId = roundId;
            application.SubmittedAt = now;
        }

        return application;
    }

    /// <summary>免申即享 (14.1): the platform's own application for a city Bole award winner.</summary>
    public static Application CreateApplyFree(ApplicationContent content, string roundId, long cityAwardFen, string cityAwardRecordId, DateTimeOffset now)
    {
        var application = new Application
        {
            Id = Guid.CreateVersion7(now),
            CreatedAt = now,
            RoundId = roundId,
            ApplyFree = true,
            CityAwardFen = cityAwardFen,
            CityAwardRecordId = cityAwardRecordId,
            Lifecycle = ApplicationLifecycle.CreateApplyFree(now),
        };
        application.SetContent(content);
        return application;
    }

    /// <summary>A draft goes in (the caller has run every submission check on <paramref name="now"/>).</summary>
    public void SubmitDraft(string roundId, Actor by, DateTimeOffset now)
    {
        Lifecycle.Submit(by, now);
        RoundId = roundId;
        SubmittedAt = now;
    }

    /// <summary>The organisation confirms the platform's apply-free application: it counts as submitted now.</summary>
    /// <summary>免申即享: the organisation confirms the application the platform created, signing the commitment (承诺书) as any applicant does.</summary>
    public void Confirm(Declaration declaration, Actor by, DateTimeOffset now)
    {
        Lifecycle.Confirm(by, now);
        Declaration = declaration;
        SubmittedAt = now;
    }

    /// <summary>Joint review approves: the amount (checked by <see cref="JointReview.DecideAmount"/>) is recorded with the decision.</summary>
    public void Approve(JointDecision decision, Actor by)
    {
        Lifecycle.Approve(by, decision.DecidedAt, decision.Reason ?? $"核定 {AmountText.Chinese(decision.AmountFen)} / approved {AmountText.English(decision.AmountFen)}");
        JointReview.Decide(decision);
        ApprovedAmountFen = decision.AmountFen;
    }

    /// <summary>An upheld objection sends the application back to joint review (a new round) or declines it.</summary>
    public void UpholdObjection(Actor by, DateTimeOffset now, string reason, bool decline)
    {
        Lifecycle.UpholdObjection(by, now, reason, decline);
        ApprovedAmountFen = null;
        if (!decline)
        {
            JointReview.Reopen();
        }
    }

    /// <summary>What the same-project rule compares of this application.</summary>
    public SameProject Project => SameProject.Of(OrganizationUscc, Title, Documents, ProjectPeriod);

    public ApplicationContent Content => new(PolicyId, OrganizationUscc, ItemCode, Title, Summary, ProjectPeriod, RequestedAmountFen, Declaration, Documents);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} {OrganizationUscc} {ItemCode} {Status}");

    private void SetContent(ApplicationContent content)
    {
        PolicyId = content.PolicyId;
        OrganizationUscc = content.OrganizationUscc;
        ItemCode = content.ItemCode;
        Title = content.Title.Trim();
        NormalizedTitle = SameProject.NormalizeTitle(content.Title);
        Summary = content.Summary.Trim();
        ProjectPeriod = content.ProjectPeriod;
        RequestedAmountFen = content.RequestedAmountFen;
        Declaration = content.Declaration;
        Documents = [.. content.Documents];
    }
}

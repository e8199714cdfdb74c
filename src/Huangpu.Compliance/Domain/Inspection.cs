namespace Huangpu.Compliance.Domain;

/// <summary>The contract's inspection kinds (INSPECTION_KIND_ + the upper-case name).</summary>
public enum InspectionKind
{
    /// <summary>日常监管</summary>
    Routine = 1,

    /// <summary>执法检查: at least two inspectors.</summary>
    Enforcement = 2,
}

/// <summary>
/// An inspection of an organisation (三、保障措施 "加强行业监管": 日常监管 and 执法检查): when, by whom, what was
/// found, and the follow-up it calls for. A follow-up past its due date and not done is overdue.
/// </summary>
public sealed class Inspection
{
    private Inspection()
    {
    }

    public Guid Id { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public InspectionKind Kind { get; private set; }

    public DateOnly InspectedOn { get; private set; }

    public List<string> Inspectors { get; private set; } = [];

    public string Findings { get; private set; } = string.Empty;

    public DateOnly? FollowUpDue { get; private set; }

    public DateOnly? FollowUpDoneOn { get; private set; }

    public string FollowUpNote { get; private set; } = string.Empty;

    public string RecordedBy { get; private set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; private set; }

    public bool IsOverdue(DateOnly today) => FollowUpDue is { } due && FollowUpDoneOn is null && due < today;

    /// <summary>Checks the record's own rules; each problem is (field, English, Chinese).</summary>
    public static IReadOnlyList<(string Field, string English, string Chinese)> Problems(InspectionKind kind, DateOnly inspectedOn, IReadOnlyList<string> inspectors, DateOnly? followUpDue, DateOnly today)
    {
        var problems = new List<(string, string, string)>();
        if (inspectedOn > today)
        {
            problems.Add(("inspectedOn", "An inspection is recorded once it took place: not a future date.", "检查日期不得晚于今天。"));
        }

        var needed = kind == InspectionKind.Enforcement ? 2 : 1;
        if (inspectors.Count < needed)
        {
            problems.Add(("inspectors", kind == InspectionKind.Enforcement ? "An enforcement inspection has at least two inspectors." : "Name at least one inspector.", kind == InspectionKind.Enforcement ? "执法检查须至少两名检查人员。" : "须至少填写一名检查人员。"));
        }

        if (followUpDue is { } due && due < inspectedOn)
        {
            problems.Add(("followUpDue", "A follow-up is due on or after the inspection.", "整改期限不得早于检查日期。"));
        }

        return problems;
    }

    public static Inspection Record(string uscc, InspectionKind kind, DateOnly inspectedOn, IReadOnlyList<string> inspectors, string findings, DateOnly? followUpDue, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationUscc = uscc,
        Kind = kind,
        InspectedOn = inspectedOn,
        Inspectors = [.. inspectors],
        Findings = findings,
        FollowUpDue = followUpDue,
        RecordedBy = by,
        RecordedAt = now,
    };

    public void CompleteFollowUp(DateOnly on, string note)
    {
        if (FollowUpDue is null)
        {
            throw new CaseException("NO_FOLLOW_UP", "This inspection called for no follow-up.", "该检查无整改要求。");
        }

        if (FollowUpDoneOn is not null)
        {
            throw new CaseException("FOLLOW_UP_DONE", "The follow-up is already recorded as done.", "整改已记录为完成。");
        }

        FollowUpDoneOn = on;
        FollowUpNote = note;
    }
}

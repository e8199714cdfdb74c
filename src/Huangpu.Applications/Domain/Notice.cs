namespace Huangpu.Applications.Domain;

/// <summary>Public notice's rules (configuration; the brief's defaults).</summary>
public sealed class NoticeOptions
{
    /// <summary>Working days a notice lasts (default 5), starting on its first day when that is a working day.</summary>
    public int WorkingDays { get; set; } = 5;

    /// <summary>How to object, as the notice states it.</summary>
    public string HowToObject { get; set; } =
        "对公示内容有异议的，请在公示期内以书面形式提出，写明事实和理由，个人须署真实姓名，单位须加盖公章。 / Objections are made in writing within the notice period, stating the facts; a person signs with their real name, an organisation under its seal.";

    /// <summary>How often the finalisation job looks for notices that ended (default 10 s: an index probe when none has).</summary>
    public TimeSpan FinaliseInterval { get; set; } = TimeSpan.FromSeconds(10);
}

public enum NoticeEntryStatus
{
    InNotice = 1,

    /// <summary>An objection is open: the entry waits for it to be resolved.</summary>
    Held = 2,

    Final = 3,

    /// <summary>An objection was upheld: the application left the notice (back to joint review, or declined).</summary>
    Withdrawn = 4,
}

/// <summary>One approved application on a notice: what the public sees of it (no personal information).</summary>
public sealed class NoticeEntry
{
    private NoticeEntry()
    {
    }

    public Guid NoticeId { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string OrganizationUscc { get; private set; } = string.Empty;

    public string OrganizationName { get; private set; } = string.Empty;

    public string ItemCode { get; private set; } = string.Empty;

    public string ItemTitle { get; private set; } = string.Empty;

    public long AmountFen { get; private set; }

    public NoticeEntryStatus Status { get; private set; }

    public DateTimeOffset? FinalisedAt { get; private set; }

    /// <summary>The stable public id: the organisation's USCC and the application.</summary>
    public string EntryId => $"{OrganizationUscc}-{ApplicationId}";

    public static NoticeEntry For(Guid noticeId, Guid applicationId, string uscc, string name, string itemCode, string itemTitle, long amountFen) => new()
    {
        NoticeId = noticeId,
        ApplicationId = applicationId,
        OrganizationUscc = uscc,
        OrganizationName = name,
        ItemCode = itemCode,
        ItemTitle = itemTitle,
        AmountFen = amountFen,
        Status = NoticeEntryStatus.InNotice,
    };

    public void Hold() => Status = Status == NoticeEntryStatus.InNotice ? NoticeEntryStatus.Held : Status;

    /// <summary>The last open objection was dismissed: the entry goes on.</summary>
    public void Resume() => Status = Status == NoticeEntryStatus.Held ? NoticeEntryStatus.InNotice : Status;

    public void Withdraw() => Status = NoticeEntryStatus.Withdrawn;

    public void Finalise(DateTimeOffset now)
    {
        Status = NoticeEntryStatus.Final;
        FinalisedAt = now;
    }
}

/// <summary>
/// A public notice (公示) of approved applications: from its first day to the Nth working day (the working-day
/// calendar), with how to object and the bureau's contact. An entry with nothing open when the notice has ended
/// becomes final.
/// </summary>
public sealed class Notice
{
    private Notice()
    {
    }

    public Guid Id { get; private set; }

    public string PolicyId { get; private set; } = string.Empty;

    public DateOnly StartsOn { get; private set; }

    public DateOnly EndsOn { get; private set; }

    public int WorkingDays { get; private set; }

    public string HowToObject { get; private set; } = string.Empty;

    public string Contact { get; private set; } = string.Empty;

    public string PublishedBy { get; private set; } = string.Empty;

    public DateTimeOffset PublishedAt { get; private set; }

    public List<NoticeEntry> Entries { get; private set; } = [];

    public static Notice Publish(string policyId, DateOnly startsOn, DateOnly endsOn, int workingDays, string howToObject, string contact, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PolicyId = policyId,
        StartsOn = startsOn,
        EndsOn = endsOn,
        WorkingDays = workingDays,
        HowToObject = howToObject,
        Contact = contact,
        PublishedBy = by,
        PublishedAt = now,
    };

    /// <summary>The notice runs until the end of its last day: an objection received on it still counts.</summary>
    public bool IsRunningOn(DateOnly date) => StartsOn <= date && date <= EndsOn;

    public bool HasEndedBefore(DateOnly date) => date > EndsOn;
}

public enum ObjectionStatus
{
    Open = 1,
    Upheld = 2,
    Dismissed = 3,
}

/// <summary>
/// An objection (异议) to a notice entry, as a case officer records it: the objector (a real name or an
/// organisation: kept, never published), the facts, the day received. Another officer resolves it.
/// </summary>
public sealed class Objection
{
    private Objection()
    {
    }

    public Guid Id { get; private set; }

    public Guid NoticeId { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string ObjectorName { get; private set; } = string.Empty;

    public string? ObjectorUscc { get; private set; }

    public string Facts { get; private set; } = string.Empty;

    public DateOnly ReceivedOn { get; private set; }

    public string RecordedBy { get; private set; } = string.Empty;

    public ObjectionStatus Status { get; private set; }

    public string? ResolvedBy { get; private set; }

    public string? Resolution { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public static Objection Record(Notice notice, Guid applicationId, string objectorName, string? objectorUscc, string facts, DateOnly receivedOn, string by, DateTimeOffset now)
    {
        if (!notice.IsRunningOn(receivedOn))
        {
            throw new JointReviewException(
                "OUTSIDE_NOTICE_PERIOD",
                $"An objection is received during the notice ({notice.StartsOn:yyyy-MM-dd} to {notice.EndsOn:yyyy-MM-dd}), not on {receivedOn:yyyy-MM-dd}.",
                $"异议须在公示期内（{notice.StartsOn:yyyy-MM-dd} 至 {notice.EndsOn:yyyy-MM-dd}）提出，{receivedOn:yyyy-MM-dd} 不在公示期内。",
                "receivedOn");
        }

        return new Objection
        {
            Id = Guid.CreateVersion7(now),
            NoticeId = notice.Id,
            ApplicationId = applicationId,
            ObjectorName = objectorName,
            ObjectorUscc = objectorUscc,
            Facts = facts,
            ReceivedOn = receivedOn,
            RecordedBy = by,
            Status = ObjectionStatus.Open,
        };
    }

    /// <summary>Resolved by another officer than the one who recorded it (four eyes).</summary>
    public void Resolve(bool uphold, string reason, string by, DateTimeOffset now)
    {
        if (Status != ObjectionStatus.Open)
        {
            throw new JointReviewException("OBJECTION_RESOLVED", $"The objection is already {Status}.", "该异议已处理。");
        }

        if (by == RecordedBy)
        {
            throw new JointReviewException("SECOND_OFFICER_REQUIRED", "The officer who recorded the objection does not also resolve it.", "登记异议的经办人员不得同时处理该异议。");
        }

        Status = uphold ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        Resolution = reason;
        ResolvedBy = by;
        ResolvedAt = now;
    }
}

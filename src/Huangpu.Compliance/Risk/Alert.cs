namespace Huangpu.Compliance.Risk;

/// <summary>
/// A risk alert (风险预警): one per rule and subject, however often the events behind it arrive. A case may be
/// opened from it.
/// </summary>
public sealed class Alert
{
    private Alert()
    {
    }

    public Guid Id { get; private set; }

    public string RuleId { get; private set; } = string.Empty;

    /// <summary>What the alert is about, unique per rule (e.g. an application, or an instruction and a difference).</summary>
    public string Subject { get; private set; } = string.Empty;

    public string OrganizationUscc { get; private set; } = string.Empty;

    public Guid? ApplicationId { get; private set; }

    public string Summary { get; private set; } = string.Empty;

    /// <summary>The message ids of the events that raised it.</summary>
    public List<Guid> EvidenceMessageIds { get; private set; } = [];

    public DateTimeOffset RaisedAt { get; private set; }

    public static Alert Raise(RiskRule rule, string subject, string uscc, Guid? applicationId, string detail, IReadOnlyList<Guid> evidence, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RuleId = rule.Id,
        Subject = subject,
        OrganizationUscc = uscc,
        ApplicationId = applicationId,
        Summary = $"{rule.ReasonZh}：{detail} / {rule.ReasonEn}",
        EvidenceMessageIds = [.. evidence],
        RaisedAt = now,
    };
}

/// <summary>What the risk rules remember of an award between its approval and its payment.</summary>
public sealed class WatchedAward
{
    public Guid ApplicationId { get; set; }

    public string OrganizationUscc { get; set; } = string.Empty;

    public Guid ApprovedMessageId { get; set; }

    public DateTimeOffset ApprovedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }
}

/// <summary>A serious-dishonesty listing as the risk rules know it.</summary>
public sealed class WatchedListing
{
    public string SourceRecordId { get; set; } = string.Empty;

    public string OrganizationUscc { get; set; } = string.Empty;

    public Guid MessageId { get; set; }

    public bool Removed { get; set; }
}

/// <summary>What the risk rules remember of a submitted application: its policy and item, and when it was first submitted.</summary>
public sealed class WatchedApplication
{
    public Guid ApplicationId { get; set; }

    public string OrganizationUscc { get; set; } = string.Empty;

    public string PolicyId { get; set; } = string.Empty;

    public string ItemCode { get; set; } = string.Empty;

    /// <summary>The date (Asia/Shanghai) of its first submission: the one that must fall within the policy.</summary>
    public DateOnly SubmittedOn { get; set; }

    public Guid MessageId { get; set; }
}

/// <summary>A project document (by SHA-256) an application was submitted with.</summary>
public sealed class WatchedDocument
{
    public string Sha256 { get; set; } = string.Empty;

    public Guid ApplicationId { get; set; }

    public string OrganizationUscc { get; set; } = string.Empty;

    public Guid MessageId { get; set; }
}

/// <summary>An expert's score of an application.</summary>
public sealed class WatchedScore
{
    public string ExpertId { get; set; } = string.Empty;

    public Guid ApplicationId { get; set; }

    public string OrganizationUscc { get; set; } = string.Empty;

    public Guid MessageId { get; set; }
}

/// <summary>The organisations an expert may not review, as last declared: its employer and its ties.</summary>
public sealed class WatchedExpert
{
    public string ExpertId { get; set; } = string.Empty;

    public List<string> Conflicts { get; set; } = [];

    public Guid MessageId { get; set; }
}

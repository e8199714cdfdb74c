using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Huangpu.Applications.Domain;

/// <summary>The contract's application statuses (APPLICATION_STATUS_ + the upper-snake name).</summary>
public enum ApplicationStatus
{
    Draft = 1,
    Submitted = 2,
    AwaitingConfirmation = 3,
    SupplementRequested = 4,
    Accepted = 5,
    NotAccepted = 6,
    PreliminaryPassed = 7,
    PreliminaryFailed = 8,
    Held = 9,
    Withdrawn = 10,
    InExpertReview = 11,
    InJointReview = 12,
    Approved = 13,
    Declined = 14,
    InPublicNotice = 15,
    Final = 16,
    PaymentRequested = 17,
    Paid = 18,
    ClawbackOrdered = 19,
    Recovered = 20,
}

/// <summary>The contract's names of the statuses, as events and refusals carry them.</summary>
public static class ApplicationStatusNames
{
    /// <summary>Each status's contract name without its prefix, e.g. SUPPLEMENT_REQUESTED, computed once.</summary>
    private static readonly FrozenDictionary<ApplicationStatus, string> Names = Enum.GetValues<ApplicationStatus>()
        .ToFrozenDictionary(s => s, s => Regex.Replace(s.ToString(), "(?<!^)([A-Z])", "_$1").ToUpperInvariant());

    /// <summary>The contract's status name without its APPLICATION_STATUS_ prefix, e.g. SUPPLEMENT_REQUESTED.</summary>
    public static string ContractName(this ApplicationStatus status) => Names[status];
}

/// <summary>Who acts: the token's subject and role.</summary>
public sealed record Actor(string Subject, string Role)
{
    /// <summary>Transitions the platform makes by itself, e.g. a supplement deadline lapsing.</summary>
    public static Actor System { get; } = new("system", "system");
}

/// <summary>One step of an application's history: every transition records actor, role, time and reason.</summary>
public sealed record LifecycleStep(string Action, ApplicationStatus From, ApplicationStatus To, string Actor, string Role, DateTimeOffset At, string? Reason);

/// <summary>A refused transition: the action and the state that refuses it (FailedPrecondition naming the current state).</summary>
public sealed class LifecycleException(string reason, ApplicationStatus current, string english, string chinese) : Exception(english)
{
    public string Reason { get; } = reason;

    public ApplicationStatus Current { get; } = current;

    public string Chinese { get; } = chinese;
}

/// <summary>Lifecycle rules that are configuration, not code (the brief's defaults).</summary>
public sealed class LifecycleOptions
{
    /// <summary>The officer who accepted (受理) an application does not also pass its preliminary review (初审).</summary>
    public bool SeparateAcceptanceFromPreliminaryReview { get; set; } = true;
}

/// <summary>
/// The one owner of every transition of an application up to preliminary review (初审), with room for the
/// review, notice and payment states that later capabilities add. Each method checks the current state,
/// records the step and bumps the version; an illegal transition throws <see cref="LifecycleException"/>.
/// </summary>
public sealed class ApplicationLifecycle
{
    /// <summary>The states that end an application (the brief's "active" is every other one).</summary>
    public static readonly IReadOnlySet<ApplicationStatus> Inactive = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.NotAccepted, ApplicationStatus.PreliminaryFailed, ApplicationStatus.Declined, ApplicationStatus.Withdrawn,
    };

    /// <summary>States an application can be held (暂停) or withdrawn in: active and not yet approved.</summary>
    public static readonly IReadOnlySet<ApplicationStatus> BeforeApproval = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.AwaitingConfirmation, ApplicationStatus.SupplementRequested,
        ApplicationStatus.Accepted, ApplicationStatus.PreliminaryPassed, ApplicationStatus.InExpertReview, ApplicationStatus.InJointReview,
    };

#pragma warning disable IDE0044 // EF Core materialises the history into this field
    private List<LifecycleStep> _history = [];
#pragma warning restore IDE0044

    private ApplicationLifecycle(ApplicationStatus status) => Status = status;

    public ApplicationStatus Status { get; private set; }

    public long Version { get; private set; } = 1;

    public IReadOnlyList<LifecycleStep> History => _history;

    public string? AcceptedBy { get; private set; }

    public bool SupplementWasRequested { get; private set; }

    public IReadOnlyList<string> SupplementItems { get; private set; } = [];

    public DateTimeOffset? SupplementDeadline { get; private set; }

    public ApplicationStatus? HeldFrom { get; private set; }

    /// <summary>Active = every state except not accepted, preliminary failed, declined, withdrawn.</summary>
    public bool IsActive => !Inactive.Contains(Status);

    public static ApplicationLifecycle Create(bool draft, Actor by, DateTimeOffset now)
    {
        var lifecycle = new ApplicationLifecycle(draft ? ApplicationStatus.Draft : ApplicationStatus.Submitted);
        lifecycle._history.Add(new LifecycleStep(draft ? "save-draft" : "submit", lifecycle.Status, lifecycle.Status, by.Subject, by.Role, now, null));
        return lifecycle;
    }

    /// <summary>免申即享 (14.1): created by the platform from the city's award list, waiting for the organisation to confirm.</summary>
    public static ApplicationLifecycle CreateApplyFree(DateTimeOffset now)
    {
        var lifecycle = new ApplicationLifecycle(ApplicationStatus.AwaitingConfirmation);
        lifecycle._history.Add(new LifecycleStep("create-apply-free", lifecycle.Status, lifecycle.Status, Actor.System.Subject, Actor.System.Role, now, null));
        return lifecycle;
    }

    public void Submit(Actor by, DateTimeOffset now) => Move("submit", [ApplicationStatus.Draft], ApplicationStatus.Submitted, by, now, null);

    public void Confirm(Actor by, DateTimeOffset now) => Move("confirm", [ApplicationStatus.AwaitingConfirmation], ApplicationStatus.Submitted, by, now, null);

    public void Withdraw(Actor by, DateTimeOffset now, string? reason) => Move("withdraw", BeforeApproval, ApplicationStatus.Withdrawn, by, now, reason);

    /// <summary>受理. The caller has re-checked eligibility on the acceptance date.</summary>
    public void Accept(Actor by, DateTimeOffset now, string? reason)
    {
        Move("accept", [ApplicationStatus.Submitted], ApplicationStatus.Accepted, by, now, reason);
        AcceptedBy = by.Subject;
    }

    /// <summary>不予受理: from submitted or a supplement request, or ending a hold placed before acceptance.</summary>
    public void NotAccept(Actor by, DateTimeOffset now, string reason)
    {
        var from = HeldFrom is ApplicationStatus.Submitted or ApplicationStatus.SupplementRequested or ApplicationStatus.AwaitingConfirmation or ApplicationStatus.Draft
            ? [ApplicationStatus.Submitted, ApplicationStatus.SupplementRequested, ApplicationStatus.Held]
            : new[] { ApplicationStatus.Submitted, ApplicationStatus.SupplementRequested };
        Move("not-accept", from, ApplicationStatus.NotAccepted, by, now, Required(reason, "not-accept"));
        HeldFrom = null;
    }

    /// <summary>补正: one list of everything missing, with a deadline (一次性告知: asked once).</summary>
    public void RequestSupplement(Actor by, DateTimeOffset now, IReadOnlyList<string> missing, DateTimeOffset deadline, string? reason)
    {
        if (SupplementWasRequested)
        {
            throw new LifecycleException("SUPPLEMENT_ALREADY_REQUESTED", Status,
                "A supplement was already requested once; everything missing is asked for in one list.", "已一次性告知补正材料，不得再次要求补正。");
        }

        if (missing.Count == 0 || deadline <= now)
        {
            throw new LifecycleException("SUPPLEMENT_INCOMPLETE", Status,
                "A supplement request lists what is missing and a deadline in the future.", "补正通知须列明所缺材料并给出未来的截止时间。");
        }

        Move("request-supplement", [ApplicationStatus.Submitted], ApplicationStatus.SupplementRequested, by, now, reason);
        SupplementWasRequested = true;
        SupplementItems = [.. missing];
        SupplementDeadline = deadline;
    }

    public void Resubmit(Actor by, DateTimeOffset now)
    {
        if (Status == ApplicationStatus.SupplementRequested && now > SupplementDeadline)
        {
            throw new LifecycleException("SUPPLEMENT_DEADLINE_PASSED", Status,
                $"The supplement deadline ({SupplementDeadline:O}) has passed.", $"补正截止时间（{SupplementDeadline:O}）已过。");
        }

        Move("resubmit", [ApplicationStatus.SupplementRequested], ApplicationStatus.Submitted, by, now, null);
    }

    /// <summary>At the deadline an unanswered supplement request lapses to not accepted. Returns whether it lapsed.</summary>
    public bool LapseIfDue(DateTimeOffset now)
    {
        if (Status != ApplicationStatus.SupplementRequested || now <= SupplementDeadline)
        {
            return false;
        }

        Move("lapse", [ApplicationStatus.SupplementRequested], ApplicationStatus.NotAccepted, Actor.System, now, "补正期限届满未补正 / supplement deadline passed");
        return true;
    }

    public void PassPreliminary(Actor by, DateTimeOffset now, string? findings, LifecycleOptions options)
    {
        RequireSeparation(by, options);
        Move("pass-preliminary", [ApplicationStatus.Accepted], ApplicationStatus.PreliminaryPassed, by, now, findings);
    }

    /// <summary>初审 failed: from accepted, or ending a hold placed after acceptance.</summary>
    public void FailPreliminary(Actor by, DateTimeOffset now, string findings, LifecycleOptions options)
    {
        RequireSeparation(by, options);
        var from = HeldFrom == ApplicationStatus.Accepted ? [ApplicationStatus.Accepted, ApplicationStatus.Held] : new[] { ApplicationStatus.Accepted };
        Move("fail-preliminary", from, ApplicationStatus.PreliminaryFailed, by, now, Required(findings, "fail-preliminary"));
        HeldFrom = null;
    }

    /// <summary>
    /// Eligibility lost before approval (e.g. a new dishonesty record): held for a case officer, who releases it
    /// back to where it was or ends it (not accepted if held before acceptance, preliminary failed if after).
    /// </summary>
    public void Hold(Actor by, DateTimeOffset now, string reason)
    {
        var from = Status;
        Move("hold", BeforeApproval, ApplicationStatus.Held, by, now, Required(reason, "hold"));
        HeldFrom = from;
    }

    /// <summary>Back to where it was when held.</summary>
    public void Release(Actor by, DateTimeOffset now, string? reason)
    {
        var to = HeldFrom ?? ApplicationStatus.Submitted;
        Move("release", [ApplicationStatus.Held], to, by, now, reason);
        HeldFrom = null;
    }

    /// <summary>The panel is drawn (ExpertReview's event): scoring begins.</summary>
    public void StartExpertReview(DateTimeOffset now, string reason) =>
        Move("start-expert-review", [ApplicationStatus.PreliminaryPassed], ApplicationStatus.InExpertReview, Actor.System, now, reason);

    /// <summary>Items evaluated without scoring (14.1: 1:1 matching; 14.3: per regulation) go from preliminary review to joint review.</summary>
    public void SkipExpertReview(DateTimeOffset now, string reason) =>
        Move("skip-expert-review", [ApplicationStatus.PreliminaryPassed], ApplicationStatus.InJointReview, Actor.System, now, reason);

    /// <summary>The panel passed it (ExpertReview's event): joint review.</summary>
    public void PassExpertReview(DateTimeOffset now, string reason) =>
        Move("pass-expert-review", [ApplicationStatus.InExpertReview], ApplicationStatus.InJointReview, Actor.System, now, reason);

    /// <summary>Below the pass mark: declined with the panel's reasons.</summary>
    public void FailExpertReview(DateTimeOffset now, string reasons) =>
        Move("fail-expert-review", [ApplicationStatus.InExpertReview], ApplicationStatus.Declined, Actor.System, now, reasons);

    /// <summary>Joint review approves (联合评审通过): the amount is the joint review's record.</summary>
    public void Approve(Actor by, DateTimeOffset now, string reason) =>
        Move("approve", [ApplicationStatus.InJointReview], ApplicationStatus.Approved, by, now, reason);

    /// <summary>Joint review declines, with the reason.</summary>
    public void Decline(Actor by, DateTimeOffset now, string reason) =>
        Move("decline", [ApplicationStatus.InJointReview], ApplicationStatus.Declined, by, now, Required(reason, "decline"));

    /// <summary>Published for public notice (公示).</summary>
    public void PublishNotice(Actor by, DateTimeOffset now, string reason) =>
        Move("publish-notice", [ApplicationStatus.Approved], ApplicationStatus.InPublicNotice, by, now, reason);

    /// <summary>An upheld objection (异议成立): back to joint review for a new decision, or declined.</summary>
    public void UpholdObjection(Actor by, DateTimeOffset now, string reason, bool decline) =>
        Move(decline ? "uphold-objection-decline" : "uphold-objection-review", [ApplicationStatus.InPublicNotice],
            decline ? ApplicationStatus.Declined : ApplicationStatus.InJointReview, by, now, Required(reason, "uphold"));

    /// <summary>The notice ended with nothing open: the award is final (公示无异议).</summary>
    public void Finalise(DateTimeOffset now, string reason) =>
        Move("finalise", [ApplicationStatus.InPublicNotice], ApplicationStatus.Final, Actor.System, now, reason);

    /// <summary>Payments raised the payment order of the final award (Payments' event).</summary>
    public void RequestPayment(DateTimeOffset now, string reason) =>
        Move("request-payment", [ApplicationStatus.Final], ApplicationStatus.PaymentRequested, Actor.System, now, reason);

    /// <summary>The treasury paid the award (Payments' event).</summary>
    public void MarkPaid(DateTimeOffset now, string reason) =>
        Move("pay", [ApplicationStatus.PaymentRequested], ApplicationStatus.Paid, Actor.System, now, reason);

    private void RequireSeparation(Actor by, LifecycleOptions options)
    {
        var deciding = Status == ApplicationStatus.Accepted || (Status == ApplicationStatus.Held && HeldFrom == ApplicationStatus.Accepted);
        if (options.SeparateAcceptanceFromPreliminaryReview && deciding && by.Subject == AcceptedBy)
        {
            throw new LifecycleException("SEPARATION_OF_DUTIES", Status,
                "The officer who accepted this application may not also decide its preliminary review.", "受理人员不得同时进行初审。");
        }
    }

    private void Move(string action, IReadOnlyCollection<ApplicationStatus> from, ApplicationStatus to, Actor by, DateTimeOffset now, string? reason)
    {
        if (!from.Contains(Status))
        {
            throw new LifecycleException("ILLEGAL_TRANSITION", Status,
                $"'{action}' is not possible in the application's current state.", $"申请在当前状态下不能执行“{action}”。");
        }

        _history.Add(new LifecycleStep(action, Status, to, by.Subject, by.Role, now, reason));
        Status = to;
        Version++;
    }

    private string Required(string reason, string action) => string.IsNullOrWhiteSpace(reason)
        ? throw new LifecycleException("REASON_REQUIRED", Status, $"'{action}' needs a reason.", $"“{action}”须说明理由。")
        : reason.Trim();
}

using Huangpu.Applications.Domain;

namespace Huangpu.Applications.Tests;

public sealed class ApplicationLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Applicant = new("org-user", "applicant");
    private static readonly Actor Officer = new("officer-a", "case_officer");
    private static readonly Actor OtherOfficer = new("officer-b", "case_officer");
    private static readonly LifecycleOptions Options = new();

    private static ApplicationLifecycle Submitted() => ApplicationLifecycle.Create(draft: false, Applicant, Now);

    private static ApplicationLifecycle Accepted()
    {
        var lifecycle = Submitted();
        lifecycle.Accept(Officer, Now.AddDays(1), "材料齐全");
        return lifecycle;
    }

    [Fact]
    public void The_happy_path_records_every_step_with_actor_role_time_and_reason()
    {
        var lifecycle = ApplicationLifecycle.Create(draft: true, Applicant, Now);
        lifecycle.Submit(Applicant, Now.AddHours(1));
        lifecycle.Accept(Officer, Now.AddDays(1), "材料齐全");
        lifecycle.PassPreliminary(OtherOfficer, Now.AddDays(2), "符合条件", Options);

        Assert.Equal(ApplicationStatus.PreliminaryPassed, lifecycle.Status);
        Assert.Equal(4, lifecycle.Version);
        Assert.Equal(["save-draft", "submit", "accept", "pass-preliminary"], lifecycle.History.Select(s => s.Action));
        var accept = lifecycle.History[2];
        Assert.Equal((ApplicationStatus.Submitted, ApplicationStatus.Accepted, "officer-a", "case_officer", "材料齐全"), (accept.From, accept.To, accept.Actor, accept.Role, accept.Reason));
        Assert.Equal(Now.AddDays(1), accept.At);
    }

    public static TheoryData<string, Action<ApplicationLifecycle>> IllegalOnSubmitted() => new()
    {
        { "submit", l => l.Submit(Applicant, Now) },
        { "confirm", l => l.Confirm(Applicant, Now) },
        { "resubmit", l => l.Resubmit(Applicant, Now) },
        { "pass-preliminary", l => l.PassPreliminary(OtherOfficer, Now, null, Options) },
        { "fail-preliminary", l => l.FailPreliminary(OtherOfficer, Now, "不符合", Options) },
        { "release", l => l.Release(Officer, Now, null) },
    };

    [Theory]
    [MemberData(nameof(IllegalOnSubmitted))]
    public void An_illegal_transition_is_refused_naming_the_current_state_and_changes_nothing(string action, Action<ApplicationLifecycle> act)
    {
        var lifecycle = Submitted();
        var ex = Assert.Throws<LifecycleException>(() => act(lifecycle));
        Assert.Equal("ILLEGAL_TRANSITION", ex.Reason);
        Assert.Equal(ApplicationStatus.Submitted, ex.Current);
        Assert.Contains(action, ex.Message, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Submitted, lifecycle.Status);
        Assert.Equal(1, lifecycle.Version);
        Assert.Single(lifecycle.History);
    }

    [Fact]
    public void The_officer_who_accepted_may_not_decide_the_preliminary_review()
    {
        var lifecycle = Accepted();
        Assert.Equal("SEPARATION_OF_DUTIES", Assert.Throws<LifecycleException>(() => lifecycle.PassPreliminary(Officer, Now, null, Options)).Reason);
        Assert.Equal("SEPARATION_OF_DUTIES", Assert.Throws<LifecycleException>(() => lifecycle.FailPreliminary(Officer, Now, "x", Options)).Reason);
        lifecycle.FailPreliminary(OtherOfficer, Now, "项目期间不在政策有效期内", Options);
        Assert.Equal(ApplicationStatus.PreliminaryFailed, lifecycle.Status);
        Assert.False(lifecycle.IsActive);
    }

    [Fact]
    public void Separation_of_duties_is_configuration()
    {
        var lifecycle = Accepted();
        lifecycle.PassPreliminary(Officer, Now, null, new LifecycleOptions { SeparateAcceptanceFromPreliminaryReview = false });
        Assert.Equal(ApplicationStatus.PreliminaryPassed, lifecycle.Status);
    }

    [Fact]
    public void A_supplement_is_asked_once_with_a_list_and_a_deadline_and_the_resubmission_goes_back_to_submitted()
    {
        var lifecycle = Submitted();
        lifecycle.RequestSupplement(Officer, Now, ["专利证书", "承诺书签字页"], Now.AddDays(10), "一次性告知");
        Assert.Equal(ApplicationStatus.SupplementRequested, lifecycle.Status);
        Assert.Equal(["专利证书", "承诺书签字页"], lifecycle.SupplementItems);
        lifecycle.Resubmit(Applicant, Now.AddDays(3));
        Assert.Equal(ApplicationStatus.Submitted, lifecycle.Status);
        Assert.Equal("SUPPLEMENT_ALREADY_REQUESTED", Assert.Throws<LifecycleException>(() => lifecycle.RequestSupplement(Officer, Now.AddDays(4), ["x"], Now.AddDays(20), null)).Reason);
    }

    [Fact]
    public void A_supplement_request_without_items_or_with_a_past_deadline_is_refused() =>
        Assert.Equal("SUPPLEMENT_INCOMPLETE", Assert.Throws<LifecycleException>(() => Submitted().RequestSupplement(Officer, Now, [], Now.AddDays(1), null)).Reason);

    [Fact]
    public void An_unanswered_supplement_lapses_to_not_accepted_after_its_deadline_and_not_before()
    {
        var lifecycle = Submitted();
        var deadline = Now.AddDays(10);
        lifecycle.RequestSupplement(Officer, Now, ["专利证书"], deadline, null);
        Assert.False(lifecycle.LapseIfDue(deadline));
        Assert.Equal("SUPPLEMENT_DEADLINE_PASSED", Assert.Throws<LifecycleException>(() => lifecycle.Resubmit(Applicant, deadline.AddSeconds(1))).Reason);
        Assert.True(lifecycle.LapseIfDue(deadline.AddSeconds(1)));
        Assert.Equal(ApplicationStatus.NotAccepted, lifecycle.Status);
        Assert.Equal(("lapse", "system"), (lifecycle.History[^1].Action, lifecycle.History[^1].Actor));
    }

    [Fact]
    public void A_hold_remembers_where_the_application_was_and_release_returns_it_there()
    {
        var lifecycle = Accepted();
        lifecycle.Hold(Actor.System, Now, "新增严重失信记录 CR-2026-000123");
        Assert.Equal(ApplicationStatus.Held, lifecycle.Status);
        Assert.True(lifecycle.IsActive);
        lifecycle.Release(Officer, Now.AddDays(1), "记录已核实撤销");
        Assert.Equal(ApplicationStatus.Accepted, lifecycle.Status);
        Assert.Null(lifecycle.HeldFrom);
    }

    [Fact]
    public void Hold_and_not_accept_need_a_reason() =>
        Assert.Equal("REASON_REQUIRED", Assert.Throws<LifecycleException>(() => Submitted().NotAccept(Officer, Now, " ")).Reason);

    [Fact]
    public void Withdrawal_is_possible_until_approval_and_ends_the_application()
    {
        var lifecycle = Accepted();
        lifecycle.Withdraw(Applicant, Now, "项目调整");
        Assert.Equal(ApplicationStatus.Withdrawn, lifecycle.Status);
        Assert.False(lifecycle.IsActive);
        Assert.Equal("ILLEGAL_TRANSITION", Assert.Throws<LifecycleException>(() => lifecycle.Withdraw(Applicant, Now, null)).Reason);
    }

    [Fact]
    public void An_apply_free_application_waits_for_the_organization_to_confirm()
    {
        var lifecycle = ApplicationLifecycle.CreateApplyFree(Now);
        Assert.Equal(ApplicationStatus.AwaitingConfirmation, lifecycle.Status);
        Assert.Throws<LifecycleException>(() => lifecycle.Accept(Officer, Now, null));
        lifecycle.Confirm(Applicant, Now.AddDays(1));
        Assert.Equal(ApplicationStatus.Submitted, lifecycle.Status);
    }

    [Fact]
    public void An_officer_ends_a_hold_as_not_accepted_before_acceptance_and_as_preliminary_failed_after()
    {
        var early = Submitted();
        early.Hold(Actor.System, Now.AddDays(1), "信用记录");
        Assert.Throws<LifecycleException>(() => early.FailPreliminary(OtherOfficer, Now.AddDays(2), "不符合", Options));
        early.NotAccept(Officer, Now.AddDays(2), "严重失信");
        Assert.Equal((ApplicationStatus.NotAccepted, (ApplicationStatus?)null), (early.Status, early.HeldFrom));
        Assert.Equal((ApplicationStatus.Held, ApplicationStatus.NotAccepted), (early.History[^1].From, early.History[^1].To));

        var late = Accepted();
        late.Hold(Actor.System, Now.AddDays(2), "信用记录");
        Assert.Throws<LifecycleException>(() => late.NotAccept(OtherOfficer, Now.AddDays(3), "严重失信"));
        var sameOfficer = Assert.Throws<LifecycleException>(() => late.FailPreliminary(Officer, Now.AddDays(3), "严重失信", Options));
        Assert.Equal("SEPARATION_OF_DUTIES", sameOfficer.Reason);
        late.FailPreliminary(OtherOfficer, Now.AddDays(3), "严重失信", Options);
        Assert.Equal(ApplicationStatus.PreliminaryFailed, late.Status);
        Assert.False(late.IsActive);
    }
}

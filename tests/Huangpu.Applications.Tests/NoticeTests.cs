using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.Applications.Tests;

/// <summary>Public notice against a real PostgreSQL on a fake clock: objections hold entries, each resolution, finalisation.</summary>
public sealed class NoticeTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly Actor Applicant = new("applicant-1", PlatformRoles.Applicant);
    private static readonly Actor Accepting = new("officer-1", PlatformRoles.CaseOfficer);
    private static readonly Actor Reviewing = new("officer-2", PlatformRoles.CaseOfficer);
    private static readonly DateTimeOffset Monday = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai
    private readonly FakeTimeProvider _clock = new(Monday);

    private PolicyCalendar Calendar => new(_clock, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_objection_holds_its_entry_past_the_notice_and_a_dismissal_lets_it_become_final_once()
    {
        var (noticeId, applicationId) = await PublishAsync("异议驳回");
        Guid objectionId;
        await using (var db = Db())
        {
            var notice = await db.Notices.Include(n => n.Entries).SingleAsync(n => n.Id == noticeId);
            var objection = Objection.Record(notice, applicationId, "王五", null, "申报材料与实际不符", new DateOnly(2026, 6, 3), Accepting.Subject, Monday);
            notice.Entries.Single().Hold();
            db.Objections.Add(objection);
            await db.SaveChangesAsync();
            objectionId = objection.Id;
        }

        _clock.Advance(TimeSpan.FromDays(10));
        await using (var db = Db())
        {
            Assert.Equal(0, await new NoticeFinalisation(db, Calendar).RunOnceAsync(CancellationToken.None));
        }

        await using (var db = Db())
        {
            var objection = await db.Objections.SingleAsync(o => o.Id == objectionId);
            Assert.Equal("SECOND_OFFICER_REQUIRED", Assert.Throws<JointReviewException>(() => objection.Resolve(false, "不成立", Accepting.Subject, Calendar.Now())).Reason);
            objection.Resolve(false, "经核实不成立", Reviewing.Subject, Calendar.Now());
            (await db.NoticeEntries.SingleAsync(e => e.NoticeId == noticeId)).Resume();
            await db.SaveChangesAsync();
        }

        await using (var db = Db())
        {
            Assert.True(await new NoticeFinalisation(db, Calendar).RunOnceAsync(CancellationToken.None) >= 1);
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            Assert.Equal(ApplicationStatus.Final, application.Status);
            Assert.Equal(NoticeEntryStatus.Final, (await db.NoticeEntries.SingleAsync(e => e.NoticeId == noticeId)).Status);
            var finalised = await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType.EndsWith("AwardFinalised")).Select(m => m.Body).ToListAsync();
            Assert.Single(finalised, body => body.Contains(applicationId.ToString(), StringComparison.Ordinal));
            Assert.Equal(0, await new NoticeFinalisation(db, Calendar).RunOnceAsync(CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(false, ApplicationStatus.InJointReview)]
    [InlineData(true, ApplicationStatus.Declined)]
    public async Task An_upheld_objection_sends_the_application_back_to_joint_review_or_declines_it_and_it_never_becomes_final(bool decline, ApplicationStatus after)
    {
        var (noticeId, applicationId) = await PublishAsync(decline ? "异议成立不予奖励" : "异议成立重新评审");
        await using (var db = Db())
        {
            var notice = await db.Notices.Include(n => n.Entries).SingleAsync(n => n.Id == noticeId);
            var objection = Objection.Record(notice, applicationId, "某某公司", "91310101MA1FL3X21R", "项目与他人申报重复", new DateOnly(2026, 6, 2), Accepting.Subject, Monday);
            objection.Resolve(true, "经核实成立", Reviewing.Subject, Monday);
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            application.UpholdObjection(Reviewing, Monday, "经核实成立", decline);
            notice.Entries.Single().Withdraw();
            db.Objections.Add(objection);
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromDays(10));
        await using (var db = Db())
        {
            await new NoticeFinalisation(db, Calendar).RunOnceAsync(CancellationToken.None);
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            Assert.Equal(after, application.Status);
            Assert.Null(application.ApprovedAmountFen);
            Assert.Equal(NoticeEntryStatus.Withdrawn, (await db.NoticeEntries.SingleAsync(e => e.NoticeId == noticeId)).Status);
            if (!decline)
            {
                Assert.Empty(application.JointReview.Votes); // a new round of joint review
            }
        }
    }

    [Fact]
    public void An_objection_outside_the_notice_period_is_refused_naming_the_day()
    {
        var notice = Notice.Publish("HRS-2024-2", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 5), 5, "书面", "63150000", "officer-1", Monday);
        Assert.Equal("receivedOn", Assert.Throws<JointReviewException>(() => Objection.Record(notice, Guid.NewGuid(), "王五", null, "事实", new DateOnly(2026, 6, 6), "officer-1", Monday)).Field);
        Objection.Record(notice, Guid.NewGuid(), "王五", null, "事实", new DateOnly(2026, 6, 5), "officer-1", Monday);
    }

    [Fact]
    public void A_declined_application_never_reaches_a_notice()
    {
        var application = Approvable("被否决");
        application.Lifecycle.Decline(Reviewing, Monday, "联合评审不同意");
        Assert.Throws<LifecycleException>(() => application.Lifecycle.PublishNotice(Accepting, Monday, "公示"));
    }

    /// <summary>An approved application published on a notice from Monday for five working days.</summary>
    private async Task<(Guid NoticeId, Guid ApplicationId)> PublishAsync(string title)
    {
        var application = Approvable(title);
        application.Approve(new JointDecision(true, 1_000_000, "同意", null, Reviewing.Subject, Monday), Reviewing);
        application.Lifecycle.PublishNotice(Accepting, Monday, "公示");
        var notice = Notice.Publish("HRS-2024-2", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 5), 5, "书面", "63150000", Accepting.Subject, Monday);
        notice.Entries.Add(NoticeEntry.For(notice.Id, application.Id, application.OrganizationUscc, "上海测试人力资源有限公司", "4.2", "专利应用", 1_000_000));
        await using var db = Db();
        db.Applications.Add(application);
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return (notice.Id, application.Id);
    }

    /// <summary>An application taken to joint review (14.1-style, without a panel).</summary>
    private static Application Approvable(string title)
    {
        var content = new ApplicationContent("HRS-2024-2", TestCodes.NewUscc(), "4.2", title, "简介", new ProjectPeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 12, 31)), 1_000_000, new Declaration("HRS-2024-2/1", "李四", Monday), []);
        var application = Application.Create(content, "HRS-2024-2-R1", draft: false, Applicant, Monday);
        application.Lifecycle.Accept(Accepting, Monday, null);
        application.Lifecycle.PassPreliminary(Reviewing, Monday, null, new LifecycleOptions());
        application.Lifecycle.SkipExpertReview(Monday, "测试");
        return application;
    }

    private ApplicationsDbContext Db() =>
        new(new DbContextOptionsBuilder<ApplicationsDbContext>().UseNpgsql(postgres.ConnectionStringFor("notice_tests")).Options);
}

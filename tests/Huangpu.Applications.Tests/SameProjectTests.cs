using Huangpu.Applications.Domain;

namespace Huangpu.Applications.Tests;

/// <summary>The contract's "same project", on its own: organisation, title or a shared project document, overlapping periods.</summary>
public sealed class SameProjectTests
{
    private const string Uscc = "91310000630405061X";
    private static readonly string Licence = new('1', 64);
    private static readonly string Patent = new('2', 64);
    private static readonly string Report = new('3', 64);
    private static readonly ProjectPeriod Year2025 = new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));

    private static SameProject Project(string title, ProjectPeriod? period, params DocumentRef[] documents) =>
        SameProject.Of(Uscc, title, documents, period);

    [Fact]
    public void Two_projects_that_both_attach_the_business_licence_as_organisation_evidence_are_different_projects()
    {
        var matching = Project("智能人岗匹配", Year2025, new DocumentRef(Licence, "营业执照.pdf", DocumentScope.Organization), new DocumentRef(Patent, "专利.pdf"));
        var trade = Project("跨境招聘服务", Year2025, new DocumentRef(Licence, "营业执照.pdf", DocumentScope.Organization), new DocumentRef(Report, "报告.pdf"));
        Assert.False(matching.Matches(trade));
    }

    [Fact]
    public void Two_applications_sharing_a_project_document_are_the_same_project_whatever_their_titles()
    {
        var first = Project("智能人岗匹配", Year2025, new DocumentRef(Patent, "专利.pdf"));
        var second = Project("人岗匹配平台二期", Year2025, new DocumentRef(Patent, "专利证书.pdf"));
        Assert.True(first.Matches(second));
        Assert.True(second.Matches(first));
    }

    [Fact]
    public void A_document_that_one_application_calls_organisation_evidence_ties_nothing()
    {
        var first = Project("智能人岗匹配", Year2025, new DocumentRef(Licence, "营业执照.pdf"));
        var second = Project("跨境招聘服务", Year2025, new DocumentRef(Licence, "营业执照.pdf", DocumentScope.Organization));
        Assert.False(first.Matches(second));
    }

    [Fact]
    public void The_same_title_in_overlapping_periods_is_the_same_project_and_in_separate_periods_is_not()
    {
        var first = Project("智能人岗匹配", Year2025, new DocumentRef(Patent, "a.pdf"));
        Assert.True(first.Matches(Project(" 智能人岗匹配 ", new(new DateOnly(2025, 12, 31), new DateOnly(2026, 6, 30)), new DocumentRef(Report, "b.pdf"))));
        Assert.False(first.Matches(Project("智能人岗匹配", new(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)), new DocumentRef(Report, "b.pdf"))));
    }

    [Fact]
    public void Another_organisation_s_project_is_never_the_same_project()
    {
        var mine = Project("智能人岗匹配", Year2025, new DocumentRef(Patent, "a.pdf"));
        var theirs = SameProject.Of("91310101MA1FL3X21R", "智能人岗匹配", [new DocumentRef(Patent, "a.pdf")], Year2025);
        Assert.False(mine.Matches(theirs));
    }

    [Fact]
    public void A_draft_without_a_period_is_no_project_yet()
    {
        Assert.False(Project("智能人岗匹配", null, new DocumentRef(Patent, "a.pdf")).Matches(Project("智能人岗匹配", Year2025, new DocumentRef(Patent, "a.pdf"))));
    }
}

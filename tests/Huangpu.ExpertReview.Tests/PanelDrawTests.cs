using Huangpu.ExpertReview.Domain;

namespace Huangpu.ExpertReview.Tests;

/// <summary>The panel draw: seeded and re-runnable, its composition, and every recusal with its reason.</summary>
public sealed class PanelDrawTests
{
    private const string Applicant = "91310101MA1FL3X21R";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly PanelOptions Defaults = new();

    private static List<Expert> Pool(int count = 30) =>
    [
        .. Enumerable.Range(0, count).Select(i => Expert.Create(
            $"专家{i}",
            (ExpertKind)((i % 4) + 1),
            $"9131000000000{i:D4}X",
            [],
            available: true,
            Now.AddSeconds(i))),
    ];

    [Fact]
    public void The_same_pool_and_seed_give_the_same_panel_whatever_order_the_pool_is_read_in()
    {
        var pool = Pool();
        var first = PanelDraw.Draw(pool, Applicant, [], "seed-1", Defaults);
        var again = PanelDraw.Draw(Enumerable.Reverse(pool).ToList(), Applicant, [], "seed-1", Defaults);
        Assert.True(first.Drawn);
        Assert.Equal(first.Members, again.Members);

        // Another seed draws another panel (for this pool and these two seeds).
        Assert.NotEqual(first.Members, PanelDraw.Draw(pool, Applicant, [], "seed-2", Defaults).Members);
    }

    [Fact]
    public void A_panel_has_its_size_with_at_least_one_fair_competition_adviser_and_one_third_party_expert()
    {
        foreach (var seed in Enumerable.Range(0, 50).Select(i => $"seed-{i}"))
        {
            var draw = PanelDraw.Draw(Pool(), Applicant, [], seed, Defaults);
            Assert.Equal(5, draw.Members.Count);
            Assert.Equal(5, draw.Members.Select(m => m.ExpertId).Distinct().Count());
            Assert.Contains(draw.Members, m => m.Kind == ExpertKind.FairCompetitionAdviser);
            Assert.Contains(draw.Members, m => m.Kind == ExpertKind.ThirdPartyInstitution);
        }
    }

    [Theory]
    [InlineData("SHARED_LEGAL_REPRESENTATIVE")]
    [InlineData("SHARED_SHAREHOLDER")]
    [InlineData("SHARED_SENIOR_MANAGER")]
    [InlineData("SHARED_REGISTERED_ADDRESS")]
    [InlineData("SHAREHOLDING")]
    public void An_expert_employed_by_an_organisation_linked_to_the_applicant_is_recused_with_the_link_as_reason(string reason)
    {
        var pool = Pool();
        var linked = pool[3];
        var draw = PanelDraw.Draw(pool, Applicant, [new ApplicantLink(linked.EmployerUscc, [reason])], "seed", Defaults);
        var recusal = Assert.Single(draw.Recusals);
        Assert.Equal((linked.Id, reason, linked.EmployerUscc), (recusal.ExpertId, recusal.Reason, recusal.ThroughUscc));
        Assert.DoesNotContain(draw.Members, m => m.ExpertId == linked.Id);
    }

    [Fact]
    public void An_expert_employed_by_the_applicant_is_recused()
    {
        var pool = Pool();
        pool.Add(Expert.Create("雇员专家", ExpertKind.Industry, Applicant, [], available: true, Now));
        var recusal = Assert.Single(PanelDraw.Draw(pool, Applicant, [], "seed", Defaults).Recusals);
        Assert.Equal((pool[^1].Id, PanelDraw.EmployedByApplicant, Applicant), (recusal.ExpertId, recusal.Reason, recusal.ThroughUscc));
    }

    [Fact]
    public void An_expert_declaring_a_tie_to_the_applicant_or_to_a_linked_organisation_is_recused()
    {
        const string Parent = "91310000630405061X";
        var pool = Pool();
        pool.Add(Expert.Create("申报方关联专家", ExpertKind.Industry, "91310000000009999X", [Applicant], available: true, Now));
        pool.Add(Expert.Create("母公司关联专家", ExpertKind.Industry, "91310000000009998X", [Parent], available: true, Now));
        var draw = PanelDraw.Draw(pool, Applicant, [new ApplicantLink(Parent, ["SHAREHOLDING"])], "seed", Defaults);
        Assert.Equal(
            [(pool[^2].Id, PanelDraw.DeclaredTie, Applicant), (pool[^1].Id, PanelDraw.DeclaredTie, Parent)],
            draw.Recusals.OrderBy(r => r.ThroughUscc == Parent).Select(r => (r.ExpertId, r.Reason, r.ThroughUscc)));
    }

    [Fact]
    public void Too_few_eligible_experts_leave_the_panel_pending_with_the_reason_never_smaller()
    {
        var pool = Pool(4);
        var draw = PanelDraw.Draw(pool, Applicant, [], "seed", Defaults);
        Assert.False(draw.Drawn);
        Assert.Empty(draw.Members);
        Assert.Contains("4 eligible experts for a panel of 5", draw.PendingReason, StringComparison.Ordinal);

        // Enough experts, but the only adviser is recused.
        var oneAdviser = Pool(12);
        oneAdviser.RemoveAll(e => e.Kind == ExpertKind.FairCompetitionAdviser && e != oneAdviser.First(a => a.Kind == ExpertKind.FairCompetitionAdviser));
        var adviser = Assert.Single(oneAdviser, e => e.Kind == ExpertKind.FairCompetitionAdviser);
        var withoutAdviser = PanelDraw.Draw(oneAdviser, Applicant, [new ApplicantLink(adviser.EmployerUscc, ["SHARED_SENIOR_MANAGER"])], "seed", Defaults);
        Assert.False(withoutAdviser.Drawn);
        Assert.Contains("0 eligible fair-competition-review advisers of 1 needed", withoutAdviser.PendingReason, StringComparison.Ordinal);
        Assert.Single(withoutAdviser.Recusals);
    }

    [Fact]
    public void An_unavailable_expert_is_never_drawn()
    {
        var pool = Pool(10);
        foreach (var expert in pool.Skip(4))
        {
            expert.Change(available: false, employerUscc: null, ties: null);
        }

        var draw = PanelDraw.Draw(pool, Applicant, [], "seed", Defaults);
        Assert.False(draw.Drawn);
        Assert.Contains("4 eligible experts", draw.PendingReason, StringComparison.Ordinal);
    }
}

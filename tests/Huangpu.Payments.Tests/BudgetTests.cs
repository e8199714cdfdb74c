using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Huangpu.Payments.Ledger;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Huangpu.Payments.Tests;

/// <summary>The budget's rules, on the ledger's numbers.</summary>
public sealed class BudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly BudgetUse Nothing = new(0, 0, 0, 0, new Dictionary<string, long>());

    [Fact]
    public void A_commitment_over_the_year_s_available_amount_is_refused_naming_the_shortfall()
    {
        var budget = Budget.For(2026);
        budget.Set(10_000, [], Nothing, Now);
        var refused = Assert.Throws<BudgetException>(() => budget.RequireCovers(12_000, "2", new BudgetUse(10_000, 0, 0, 0, new Dictionary<string, long>())));
        Assert.Equal("BUDGET_SHORTFALL", refused.Reason);
        Assert.Contains("by CNY 20.00", refused.Message, StringComparison.Ordinal);
        Assert.Contains("将超支 20.00 元", refused.Chinese, StringComparison.Ordinal);
        budget.RequireCovers(10_000, "2", new BudgetUse(10_000, 0, 0, 0, new Dictionary<string, long>()));
    }

    [Fact]
    public void A_group_ceiling_refuses_what_the_year_would_still_cover()
    {
        var budget = Budget.For(2026);
        budget.Set(100_000, [new GroupAppropriation("2", 30_000)], Nothing, Now);
        var use = new BudgetUse(80_000, 20_000, 0, 0, new Dictionary<string, long> { ["2"] = 20_000 });
        Assert.Equal("GROUP_BUDGET_SHORTFALL", Assert.Throws<BudgetException>(() => budget.RequireCovers(15_000, "2", use)).Reason);
        budget.RequireCovers(15_000, "3", use);
        budget.RequireCovers(10_000, "2", use);
    }

    [Fact]
    public void An_appropriation_never_falls_below_what_is_spent_and_groups_stay_within_it()
    {
        var budget = Budget.For(2026);
        Assert.Equal(50_000, budget.Set(50_000, [], Nothing, Now));
        var spent = new BudgetUse(20_000, 20_000, 5_000, 5_000, new Dictionary<string, long> { ["1"] = 30_000 });
        Assert.Equal("BELOW_SPENT", Assert.Throws<BudgetException>(() => budget.Set(29_999, [], spent, Now)).Reason);
        Assert.Equal("GROUPS_ABOVE_TOTAL", Assert.Throws<BudgetException>(() => budget.Set(40_000, [new GroupAppropriation("1", 30_000), new GroupAppropriation("2", 10_001)], spent, Now)).Reason);
        Assert.Equal("BELOW_SPENT", Assert.Throws<BudgetException>(() => budget.Set(40_000, [new GroupAppropriation("1", 29_000)], spent, Now)).Reason);
        Assert.Equal(-10_000, budget.Set(40_000, [new GroupAppropriation("1", 30_000)], spent, Now));
    }

    [Fact]
    public void Every_transaction_balances()
    {
        var entries = LedgerEntry.Move(PostingKind.Commit, LedgerAccount.Available, LedgerAccount.Committed, 1234, new PostingDimensions(2026, "2", "4.2", "91310000630405061X", Guid.NewGuid()), "承诺", Now);
        Assert.Equal(0, entries.Sum(e => e.DebitFen - e.CreditFen));
        Assert.Single(entries.Select(e => e.TransactionId).Distinct());
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerEntry.Move(PostingKind.Commit, LedgerAccount.Available, LedgerAccount.Committed, 0, new PostingDimensions(2026), "零", Now));
    }
}

/// <summary>The ledger against a real PostgreSQL with Payments' migrations.</summary>
public sealed class LedgerStorageTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_ledger_is_append_only_for_every_role_and_a_year_s_use_comes_from_its_postings()
    {
        var application = Guid.NewGuid();
        await using (var db = Db())
        {
            db.LedgerEntries.AddRange(LedgerEntry.Move(PostingKind.Budget, LedgerAccount.Appropriation, LedgerAccount.Available, 100_000, new PostingDimensions(2031), "预算", Now));
            db.LedgerEntries.AddRange(LedgerEntry.Move(PostingKind.Commit, LedgerAccount.Available, LedgerAccount.Committed, 30_000, new PostingDimensions(2031, "2", "4.2", "91310000630405061X", application), "承诺", Now));
            await db.SaveChangesAsync();
        }

        await using (var db = Db())
        {
            var use = await new BudgetLedger(db).UseAsync(2031, CancellationToken.None);
            Assert.Equal((70_000L, 30_000L, 30_000L), (use.Available, use.Committed, use.SpentInGroup("2")));
            Assert.Equal(0, await db.LedgerEntries.Where(e => e.Year == 2031).SumAsync(e => e.DebitFen - e.CreditFen));
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor("payments_tests"));
        await connection.OpenAsync();
        foreach (var statement in new[] { "UPDATE ledger_entries SET debit_fen = debit_fen + 1", "DELETE FROM ledger_entries", "TRUNCATE ledger_entries" })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }

    private PaymentsDbContext Db() =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql(postgres.ConnectionStringFor("payments_tests")).Options);
}

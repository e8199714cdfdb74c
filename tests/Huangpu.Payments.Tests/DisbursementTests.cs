using System.Collections.Concurrent;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Compliance;
using Huangpu.Payments.Consumers;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Huangpu.Payments.Ledger;
using Huangpu.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huangpu.Payments.Tests;

/// <summary>
/// Awards from final to paid against a real PostgreSQL with Payments' migrations, the consumer run by MassTransit's
/// in-memory harness, and a scripted treasury and Registry: nothing is paid twice, more than was finalised, or to an
/// organisation not eligible on the payment date; and the ledger sums to zero after every test.
/// </summary>
public sealed class DisbursementTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const int Year = 2026;
    private readonly ScriptedTreasury _treasury = new();
    private readonly ScriptedEligibility _eligibility = new();
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<PaymentsDbContext>(o => o.UseNpgsql(postgres.ConnectionStringFor("payments_disbursement")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PolicyCalendar(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById(PolicyCalendar.DefaultZone)));
        services.AddScoped<BudgetLedger>();
        services.AddScoped<PaymentBook>();
        services.AddSingleton<ITreasury>(_treasury);
        services.AddSingleton<IEligibilityClient>(_eligibility);
        services.AddSingleton(Options.Create(new DisbursementOptions { StatusAfter = TimeSpan.Zero, ConfirmationWait = TimeSpan.Zero, Parallelism = 8 }));
        services.AddSingleton<PaymentDispatch>();
        services.AddSingleton<PaymentDispatchSignal>();
        services.AddMassTransitTestHarness(AwardConsumer.Register);
        _services = services.BuildServiceProvider();
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaymentsDbContext>().Database.MigrateAsync();
        }

        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
        await InScopeAsync(async (db, book) =>
        {
            if (!await db.LedgerEntries.AnyAsync(e => e.Year == Year && e.Kind == PostingKind.Budget))
            {
                db.LedgerEntries.AddRange(LedgerEntry.Move(PostingKind.Budget, LedgerAccount.Appropriation, LedgerAccount.Available, 100_000_000_000, new PostingDimensions(Year), "预算", DateTimeOffset.UtcNow));
            }
        });
    }

    public async Task DisposeAsync()
    {
        // Every test leaves a ledger whose postings sum to zero.
        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PaymentsDbContext>().LedgerEntries.SumAsync(e => e.DebitFen - e.CreditFen));
        }

        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_hundred_concurrent_duplicate_finalisations_and_a_double_confirmation_give_one_order_and_one_disbursement()
    {
        var award = Award();
        var sameMessage = Guid.NewGuid();
        // 50 redeliveries of one message and 50 copies published afresh, all at once.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            _harness.Bus.Publish(award, context => context.MessageId = i % 2 == 0 ? sameMessage : Guid.NewGuid())));
        // The harness lists each message id once: 51 distinct messages, then quiet.
        await WaitUntilAsync(() => Task.FromResult(_harness.Consumed.Select<AwardFinalised>(m => m.Context.Message.ApplicationId == award.ApplicationId).Count() >= 51));
        await _harness.InactivityTask;

        var order = await SingleOrderAsync(award.ApplicationId);
        Assert.Equal((PaymentStatus.Pending, award.AmountFen), (order.Status, order.AmountFen));
        _treasury.Accept = true; // accepted now, confirmed below
        await DispatchAsync();
        order = await SingleOrderAsync(award.ApplicationId);
        Assert.Equal(PaymentStatus.Sent, order.Status);

        // The treasury confirms twice, concurrently, and once more later.
        var confirmation = _treasury.Settled(order.InstructionId!.Value);
        await Task.WhenAll(ApplyAsync(confirmation), ApplyAsync(confirmation));
        await ApplyAsync(confirmation);

        Assert.Equal(PaymentStatus.Disbursed, (await SingleOrderAsync(award.ApplicationId)).Status);
        Assert.Equal(1, await TransactionsAsync(award.ApplicationId, PostingKind.Obligate));
        Assert.Equal(1, await TransactionsAsync(award.ApplicationId, PostingKind.Disburse));
        Assert.Equal(award.AmountFen, await BalanceAsync(award.ApplicationId, LedgerAccount.Disbursed));
        Assert.Equal(0, await BalanceAsync(award.ApplicationId, LedgerAccount.Obligated));
        Assert.Equal(1, await EventsAsync("PaymentDisbursed", award.ApplicationId));
        Assert.Equal(1, await EventsAsync("PaymentOrdered", award.ApplicationId));
    }

    [Fact]
    public async Task A_timeout_then_a_late_success_pays_once_and_the_instruction_is_never_sent_again()
    {
        var award = await FinalAsync();
        _treasury.TimeOut = true; // the treasury settles it but the answer never arrives
        await DispatchAsync();
        var order = await SingleOrderAsync(award.ApplicationId);
        Assert.Equal(PaymentStatus.Unknown, order.Status);

        // The treasury's status settles it; the late confirmation afterwards changes nothing.
        await ResolveAsync();
        Assert.Equal(PaymentStatus.Disbursed, (await SingleOrderAsync(award.ApplicationId)).Status);
        await ApplyAsync(_treasury.Settled(order.InstructionId!.Value));
        await DispatchAsync();
        await ResolveAsync();

        Assert.Equal(1, _treasury.InstructionsSent(order.InstructionId!.Value));
        Assert.Equal(1, await TransactionsAsync(award.ApplicationId, PostingKind.Disburse));
        Assert.Equal(1, await EventsAsync("PaymentDisbursed", award.ApplicationId));
    }

    [Fact]
    public async Task An_answer_that_does_not_match_its_instruction_changes_nothing()
    {
        var award = await FinalAsync();
        _treasury.Accept = true;
        await DispatchAsync();
        var order = await SingleOrderAsync(award.ApplicationId);
        var settled = _treasury.Settled(order.InstructionId!.Value);

        await ApplyAsync(settled with { AmountFen = settled.AmountFen + 1 });
        await ApplyAsync(settled with { PayeeUscc = "91310101MA1FPX0000" });
        Assert.Equal(PaymentStatus.Sent, (await SingleOrderAsync(award.ApplicationId)).Status);
        Assert.Equal(0, await TransactionsAsync(award.ApplicationId, PostingKind.Disburse));
    }

    [Fact]
    public async Task An_organisation_seriously_dishonest_between_finalisation_and_payment_is_held_with_the_rule_until_it_is_eligible_and_released()
    {
        var award = await FinalAsync();
        _eligibility.Fail(award.OrganizationUscc, "CREDIT_SERIOUS_DISHONESTY");
        await DispatchAsync();
        var order = await SingleOrderAsync(award.ApplicationId);
        Assert.Equal(PaymentStatus.Held, order.Status);
        Assert.StartsWith("CREDIT_SERIOUS_DISHONESTY", Assert.Single(order.Reasons), StringComparison.Ordinal);
        Assert.Equal(1, await EventsAsync("PaymentHeld", award.ApplicationId));
        Assert.Equal(0, _treasury.InstructionCount);

        // Released while still ineligible: held again, never sent.
        await InScopeAsync(async (_, book) => (await book.LockAsync(order.Id, CancellationToken.None))!.Release(DateTimeOffset.UtcNow));
        await DispatchAsync();
        Assert.Equal(PaymentStatus.Held, (await SingleOrderAsync(award.ApplicationId)).Status);
        Assert.Equal(0, _treasury.InstructionCount);

        _eligibility.Clear(award.OrganizationUscc);
        await InScopeAsync(async (_, book) => (await book.LockAsync(order.Id, CancellationToken.None))!.Release(DateTimeOffset.UtcNow));
        _treasury.SettleAtOnce = true;
        await DispatchAsync();
        Assert.Equal(PaymentStatus.Disbursed, (await SingleOrderAsync(award.ApplicationId)).Status);
    }

    [Fact]
    public async Task With_a_tenth_of_instructions_rejected_every_award_is_paid_once_or_rejected_with_its_reason_and_a_revision_pays_it()
    {
        var awards = new List<AwardFinalised>();
        for (var i = 0; i < 40; i++)
        {
            awards.Add(await FinalAsync());
        }

        _treasury.SettleAtOnce = true;
        _treasury.RejectEvery = 10;
        await DispatchAsync();
        var ids = awards.Select(a => a.ApplicationId).ToList();
        var orders = await OrdersAsync(ids);
        var rejected = orders.Where(o => o.Status == PaymentStatus.Rejected).ToList();
        Assert.Equal(4, rejected.Count);
        Assert.All(rejected, o => Assert.Contains("account", Assert.Single(o.Reasons), StringComparison.Ordinal));
        Assert.Equal(36, orders.Count(o => o.Status == PaymentStatus.Disbursed));
        foreach (var order in orders)
        {
            Assert.Equal(order.Status == PaymentStatus.Disbursed ? 1 : 0, await TransactionsAsync(order.ApplicationId, PostingKind.Disburse));
        }

        // Finance corrects the account: a new instruction, under a new key linked to the rejected one, is paid.
        _treasury.RejectEvery = 0;
        foreach (var order in rejected)
        {
            await InScopeAsync(async (_, book) => (await book.LockAsync(order.Id, CancellationToken.None))!.Revise("6222000011112222", DateTimeOffset.UtcNow));
        }

        await DispatchAsync();
        foreach (var order in await OrdersAsync([.. rejected.Select(o => o.ApplicationId)]))
        {
            Assert.Equal(PaymentStatus.Disbursed, order.Status);
            Assert.Equal(rejected.Single(r => r.Id == order.Id).InstructionId, Assert.Single(order.PreviousInstructionIds));
            Assert.NotEqual(order.PreviousInstructionIds[0], order.InstructionId);
        }

        Assert.Equal(40, (await OrdersAsync(ids)).Count(o => o.Status == PaymentStatus.Disbursed));
        foreach (var id in ids)
        {
            Assert.Equal(1, await TransactionsAsync(id, PostingKind.Disburse));
        }
    }

    [Fact]
    public async Task A_clawback_with_a_partial_repayment_and_an_offset_against_a_later_award_leaves_every_balance_right()
    {
        var uscc = Uscc();
        var first = await FinalAsync(uscc, 1_000_000);
        _treasury.SettleAtOnce = true;
        await DispatchAsync();
        var paid = await SingleOrderAsync(first.ApplicationId);
        Assert.Equal(PaymentStatus.Disbursed, paid.Status);

        var caseId = Guid.NewGuid();
        var clawback = new ClawbackOrdered
        {
            CaseId = caseId,
            ApplicationId = first.ApplicationId,
            OrganizationUscc = uscc,
            AmountFen = 600_000,
            LegalBasis = "HRS-2024-2 附则（一）",
            Evidence = "伪造劳动合同",
            OccurredAt = DateTimeOffset.UtcNow,
            Actor = "officer-a",
            ActorRole = "compliance_officer",
        };
        await _harness.Bus.Publish(clawback);
        await _harness.Bus.Publish(clawback); // delivered twice: one receivable
        await WaitUntilAsync(() => Task.FromResult(_harness.Consumed.Select<ClawbackOrdered>(m => m.Context.Message.CaseId == caseId).Count() == 2));
        var receivable = await InScopeAsync((db, _) => db.Receivables.SingleAsync(r => r.CaseId == caseId));
        Assert.Equal(600_000, receivable.OutstandingFen);

        // A later award of the same organisation, held (not yet paid), is offset; then a partial repayment.
        var later = await FinalAsync(uscc, 250_000);
        _eligibility.Fail(uscc, "CREDIT_SERIOUS_DISHONESTY");
        await DispatchAsync();
        var laterOrder = await SingleOrderAsync(later.ApplicationId);
        Assert.Equal(PaymentStatus.Held, laterOrder.Status);
        var officer = new PaymentActor("finance-1", "finance");
        await InScopeAsync(async (db, book) =>
        {
            var order = (await book.LockAsync(laterOrder.Id, CancellationToken.None))!;
            var open = await db.Receivables.SingleAsync(r => r.Id == receivable.Id);
            Assert.Equal(100_000, book.Offset(order, open, 100_000, officer, DateTimeOffset.UtcNow));
            book.Repay(open, 200_000, "BANK-0001", officer, DateTimeOffset.UtcNow);
            Assert.Throws<PaymentOrderException>(() => book.Repay(open, 300_001, "BANK-0002", officer, DateTimeOffset.UtcNow));
        });

        receivable = await InScopeAsync((db, _) => db.Receivables.SingleAsync(r => r.Id == receivable.Id));
        Assert.Equal((200_000L, 100_000L, 300_000L, ReceivableStatus.Open), (receivable.RepaidFen, receivable.OffsetFen, receivable.OutstandingFen, receivable.Status));
        laterOrder = await SingleOrderAsync(later.ApplicationId);
        Assert.Equal((100_000L, 150_000L), (laterOrder.OffsetFen, laterOrder.PayableFen));

        // The later award, eligible again, pays only what the offset left.
        _eligibility.Clear(uscc);
        await InScopeAsync(async (_, book) => (await book.LockAsync(laterOrder.Id, CancellationToken.None))!.Release(DateTimeOffset.UtcNow));
        await DispatchAsync();
        Assert.Equal(150_000, _treasury.PaidTo(uscc) - 1_000_000);

        // By account for the organisation: 1,000,000 paid, 600,000 clawed back; 250,000 paid of which 100,000 by offset.
        Assert.Equal(1_000_000 - 600_000, await BalanceAsync(first.ApplicationId, LedgerAccount.Disbursed));
        Assert.Equal(300_000, await BalanceAsync(first.ApplicationId, LedgerAccount.Receivable));
        Assert.Equal(300_000, await BalanceAsync(first.ApplicationId, LedgerAccount.Recovered));
        Assert.Equal(250_000, await BalanceAsync(later.ApplicationId, LedgerAccount.Disbursed));
        Assert.Equal(0, await BalanceAsync(later.ApplicationId, LedgerAccount.Obligated));

        // Writing off the rest needs a second officer.
        await InScopeAsync(async (db, book) =>
        {
            var open = await db.Receivables.SingleAsync(r => r.Id == receivable.Id);
            open.ProposeWriteOff("finance-1", "企业已注销，无可执行财产", DateTimeOffset.UtcNow);
            Assert.Equal("SAME_OFFICER", Assert.Throws<PaymentOrderException>(() => book.ApproveWriteOff(open, officer, DateTimeOffset.UtcNow)).Reason);
            book.ApproveWriteOff(open, new PaymentActor("finance-2", "finance"), DateTimeOffset.UtcNow);
        });
        Assert.Equal(0, await BalanceAsync(first.ApplicationId, LedgerAccount.Receivable));
        Assert.Equal(300_000, await BalanceAsync(first.ApplicationId, LedgerAccount.WrittenOff));
        Assert.Equal(3, await EventsAsync("RecoveryRecorded", first.ApplicationId));
    }

    [Fact]
    public async Task Reconciliation_reports_every_difference_with_the_treasury_and_raises_each_to_compliance_once()
    {
        var awards = new List<AwardFinalised>();
        for (var i = 0; i < 4; i++)
        {
            awards.Add(await FinalAsync());
        }

        _treasury.SettleAtOnce = true;
        await DispatchAsync();
        var orders = await OrdersAsync([.. awards.Select(a => a.ApplicationId)]);
        var (missing, changed) = (orders[0].InstructionId!.Value, orders[1].InstructionId!.Value);
        var phantom = Guid.NewGuid();
        _treasury.StatementEdit = statement => statement
            .Where(a => a.InstructionId != missing)
            .Select(a => a.InstructionId == changed ? a with { AmountFen = a.AmountFen - 100 } : a)
            .Append(new TreasuryAnswer(phantom, TreasuryOutcome.Settled, 5_000, awards[3].OrganizationUscc, "GK-PHANTOM", DateTimeOffset.UtcNow, string.Empty));

        var calendar = _services.GetRequiredService<PolicyCalendar>();
        var today = calendar.Today();
        var mine = new HashSet<Guid>([.. orders.Select(o => o.InstructionId!.Value), phantom]);
        for (var run = 0; run < 2; run++)
        {
            var reconciliation = await InScopeAsync((db, _) => new Reconciler(db, _treasury, calendar).ReconcileAsync(today, PaymentActor.System, CancellationToken.None));
            var differences = reconciliation.Differences.Where(d => mine.Contains(d.InstructionId)).OrderBy(d => d.Kind).ToList();
            Assert.Equal(
                [(DifferenceKind.MissingAtTreasury, missing, orders[0].AmountFen, 0L), (DifferenceKind.MissingInLedger, phantom, 0L, 5_000L), (DifferenceKind.AmountMismatch, changed, orders[1].AmountFen, orders[1].AmountFen - 100)],
                differences.Select(d => (d.Kind, d.InstructionId, d.LedgerFen, d.TreasuryFen)));
        }

        // Raised once each, however often the date is reconciled.
        Assert.Equal(1, await EventsAsync("ReconciliationDifferenceFound", orders[0].ApplicationId));
        Assert.Equal(1, await EventsAsync("ReconciliationDifferenceFound", orders[1].ApplicationId));
        Assert.Equal(0, await EventsAsync("ReconciliationDifferenceFound", orders[2].ApplicationId));
        Assert.Equal(1, await InScopeAsync((db, _) => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE message_type LIKE '%ReconciliationDifferenceFound' AND body::text LIKE {"%" + phantom + "%"}")
            .SingleAsync()));
    }

    [Fact]
    public async Task Two_replicas_reconciling_the_same_day_at_once_make_one_run_and_raise_each_difference_once()
    {
        var award = await FinalAsync();
        _treasury.SettleAtOnce = true;
        await DispatchAsync();
        var order = (await OrdersAsync([award.ApplicationId])).Single();
        var missing = order.InstructionId!.Value;
        _treasury.StatementEdit = _ => []; // the day's statement lacks it: one difference, MissingAtTreasury
        var calendar = _services.GetRequiredService<PolicyCalendar>();
        var day = calendar.Today().AddDays(-400 - Random.Shared.Next(0, 10_000)); // a day of this test's own
        var settled = calendar.StartOf(day).AddHours(12).ToUniversalTime();
        await InScopeAsync(async (db, _) => await db.TreasuryInstructions.Where(i => i.Id == missing).ExecuteUpdateAsync(u => u.SetProperty(i => i.SettledAt, settled)));

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => InScopeAsync((db, _) => new Reconciler(db, _treasury, calendar).ReconcileOnceAsync(day, CancellationToken.None))));

        Assert.Single(runs, r => r is not null);
        Assert.Equal(1, await InScopeAsync((db, _) => db.Reconciliations.CountAsync(r => r.Date == day)));
        Assert.Equal(1, await EventsAsync("ReconciliationDifferenceFound", award.ApplicationId));
    }

    private static string Uscc() => $"91310101MA{Random.Shared.Next(10_000_000, 99_999_999)}";

    private static AwardFinalised Award(string? uscc = null, long amountFen = 12_000_000) => new()
    {
        ApplicationId = Guid.NewGuid(),
        OrganizationUscc = uscc ?? Uscc(),
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        AmountFen = amountFen,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "system",
        ActorRole = "system",
    };

    private async Task<AwardFinalised> FinalAsync(string? uscc = null, long amountFen = 12_000_000)
    {
        var award = Award(uscc, amountFen);
        await _harness.Bus.Publish(award);
        await WaitUntilAsync(async () => await InScopeAsync((db, _) => db.PaymentOrders.AnyAsync(o => o.ApplicationId == award.ApplicationId)));
        return award;
    }

    private async Task DispatchAsync()
    {
        var dispatch = _services.GetRequiredService<PaymentDispatch>();
        while (await dispatch.SendPendingAsync(CancellationToken.None) > 0)
        {
        }
    }

    private async Task ResolveAsync() => await _services.GetRequiredService<PaymentDispatch>().ResolveOutstandingAsync(CancellationToken.None);

    private async Task ApplyAsync(TreasuryAnswer answer) =>
        await InScopeAsync((_, book) => book.ApplyAsync(answer, new PaymentActor("treasury", "partner_bureau"), DateTimeOffset.UtcNow, CancellationToken.None));

    private async Task<PaymentOrder> SingleOrderAsync(Guid applicationId) =>
        Assert.Single(await OrdersAsync([applicationId]));

    private Task<List<PaymentOrder>> OrdersAsync(IReadOnlyList<Guid> applicationIds) =>
        InScopeAsync((db, _) => db.PaymentOrders.AsNoTracking().Where(o => applicationIds.Contains(o.ApplicationId)).ToListAsync());

    private Task<int> TransactionsAsync(Guid applicationId, PostingKind kind) =>
        InScopeAsync((db, _) => db.LedgerEntries.Where(e => e.ApplicationId == applicationId && e.Kind == kind).Select(e => e.TransactionId).Distinct().CountAsync());

    private Task<long> BalanceAsync(Guid applicationId, LedgerAccount account) =>
        InScopeAsync((db, _) => db.LedgerEntries.Where(e => e.ApplicationId == applicationId && e.Account == account).SumAsync(e => e.CreditFen - e.DebitFen));

    private Task<int> EventsAsync(string type, Guid applicationId) =>
        InScopeAsync((db, _) => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE message_type LIKE {"%" + type} AND body::text LIKE {"%" + applicationId + "%"}")
            .SingleAsync());

    private async Task<T> InScopeAsync<T>(Func<PaymentsDbContext, PaymentBook, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await work(db, scope.ServiceProvider.GetRequiredService<PaymentBook>());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return result;
    }

    private async Task InScopeAsync(Func<PaymentsDbContext, PaymentBook, Task> work) =>
        await InScopeAsync<bool>(async (db, book) =>
        {
            await work(db, book);
            return true;
        });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}

/// <summary>A treasury that answers as a test says, and counts what it was sent.</summary>
internal sealed class ScriptedTreasury : ITreasury
{
    private readonly ConcurrentDictionary<Guid, (TreasuryInstruction Instruction, TreasuryOutcome Outcome, int Sent)> _book = new();
    private int _count;

    public bool Accept { get; set; }

    public bool TimeOut { get; set; }

    public bool SettleAtOnce { get; set; }

    /// <summary>Rejects every n-th instruction (0: none).</summary>
    public int RejectEvery { get; set; }

    public int InstructionCount => _book.Count;

    /// <summary>Changes the statement the treasury gives (a test's discrepancy).</summary>
    public Func<IEnumerable<TreasuryAnswer>, IEnumerable<TreasuryAnswer>> StatementEdit { get; set; } = s => s;

    public int InstructionsSent(Guid id) => _book[id].Sent;

    public long PaidTo(string uscc) => _book.Values.Where(v => v.Outcome == TreasuryOutcome.Settled && v.Instruction.PayeeUscc == uscc).Sum(v => v.Instruction.AmountFen);

    public TreasuryAnswer Settled(Guid id) => Answer(_book[id].Instruction, TreasuryOutcome.Settled);

    public Task<TreasuryAnswer?> InstructAsync(TreasuryInstruction instruction, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        var outcome = RejectEvery > 0 && n % RejectEvery == 0 ? TreasuryOutcome.Rejected
            : Accept ? TreasuryOutcome.Accepted
            : TreasuryOutcome.Settled;
        var entry = _book.AddOrUpdate(instruction.Id, _ => (instruction, outcome, 1), (_, held) => held with { Sent = held.Sent + 1 });
        if (Accept)
        {
            _book[instruction.Id] = entry with { Outcome = TreasuryOutcome.Settled };
        }

        return Task.FromResult<TreasuryAnswer?>(TimeOut ? null : Answer(instruction, entry.Outcome));
    }

    public Task<TreasuryAnswer?> StatusAsync(Guid instructionId, CancellationToken cancellationToken) =>
        Task.FromResult(_book.TryGetValue(instructionId, out var held) ? Answer(held.Instruction, held.Outcome) : null);

    public Task<IReadOnlyList<TreasuryAnswer>> StatementAsync(DateOnly settledOn, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TreasuryAnswer>>([.. StatementEdit(_book.Values.Where(v => v.Outcome == TreasuryOutcome.Settled).Select(v => Answer(v.Instruction, v.Outcome)))]);

    private static TreasuryAnswer Answer(TreasuryInstruction instruction, TreasuryOutcome outcome) =>
        new(instruction.Id, outcome, instruction.AmountFen, instruction.PayeeUscc, outcome == TreasuryOutcome.Settled ? $"GK-{instruction.Id:N}" : string.Empty, DateTimeOffset.UtcNow, outcome == TreasuryOutcome.Rejected ? "payee account closed" : string.Empty);
}

/// <summary>Every organisation eligible unless a test says otherwise.</summary>
internal sealed class ScriptedEligibility : IEligibilityClient
{
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);

    public void Fail(string uscc, string rule) => _failing[uscc] = rule;

    public void Clear(string uscc) => _failing.TryRemove(uscc, out _);

    public Task<EligibilityAnswer> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken) =>
        Task.FromResult(new EligibilityAnswer(true, _failing.TryGetValue(uscc, out var rule) ? [new EligibilityFailure(rule, "严重失信", "seriously dishonest")] : []));
}

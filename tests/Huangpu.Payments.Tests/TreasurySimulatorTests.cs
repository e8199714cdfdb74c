using Huangpu.Grpc.Treasury.V1;
using Huangpu.TreasurySimulator;

namespace Huangpu.Payments.Tests;

/// <summary>The simulated treasury keeps an instruction's key to its content, and draws outcomes as told.</summary>
public sealed class TreasurySimulatorTests
{
    private static InstructRequest Instruction(long amountFen = 100_000) => new()
    {
        InstructionId = Guid.NewGuid().ToString(),
        PayeeUscc = "91310101MA1FPX1234",
        AmountFen = amountFen,
        PaymentId = Guid.NewGuid().ToString(),
    };

    [Fact]
    public void The_same_key_with_the_same_content_is_the_same_instruction_and_with_other_content_is_refused()
    {
        var treasury = new SimulatedTreasury(TimeProvider.System);
        var first = Instruction();
        var (held, fresh) = treasury.Take(first);
        Assert.True(fresh);
        Assert.NotNull(held);

        var (again, freshAgain) = treasury.Take(first.Clone());
        Assert.Same(held, again);
        Assert.False(freshAgain);

        var other = first.Clone();
        other.AmountFen += 1;
        Assert.Null(treasury.Take(other).Held);
        Assert.Equal(100_000, treasury.Find(first.InstructionId)!.Request.AmountFen);
    }

    [Fact]
    public void Outcomes_follow_the_payee_and_account_overrides_and_the_rates()
    {
        var treasury = new SimulatedTreasury(TimeProvider.System)
        {
            Behaviour = new SimulatorBehaviour
            {
                RejectRate = 0.1,
                ByPayee = { ["91310101MA1FPX9999"] = SimulatedOutcome.TimeOut },
                ByAccount = { ["6222000011112222"] = SimulatedOutcome.Settle },
            },
        };
        var byPayee = Instruction();
        byPayee.PayeeUscc = "91310101MA1FPX9999";
        Assert.Equal(SimulatedOutcome.TimeOut, treasury.Take(byPayee).Held!.Outcome);
        byPayee = Instruction();
        byPayee.PayeeUscc = "91310101MA1FPX9999";
        byPayee.PayeeAccount = "6222000011112222";
        Assert.Equal(SimulatedOutcome.Settle, treasury.Take(byPayee).Held!.Outcome);

        var rejected = Enumerable.Range(0, 2000).Count(_ => treasury.Take(Instruction()).Held!.Outcome == SimulatedOutcome.Reject);
        Assert.InRange(rejected, 140, 260); // 10 % of 2000, within a wide margin of the draw
    }

    [Fact]
    public void A_settled_instruction_is_on_the_statement_of_its_date_in_Shanghai_once()
    {
        var treasury = new SimulatedTreasury(TimeProvider.System);
        var held = treasury.Take(Instruction()).Held!;
        var settled = treasury.Settle(held);
        Assert.Equal(settled, treasury.Settle(held)); // settling again changes nothing
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(settled.SettledAt.ToDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        Assert.Single(treasury.SettledOn(today), s => s.InstructionId == held.Request.InstructionId);
        Assert.Empty(treasury.SettledOn(today.AddDays(-1)));
    }
}

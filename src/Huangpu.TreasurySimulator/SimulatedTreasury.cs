using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Huangpu.Grpc.Treasury.V1;

namespace Huangpu.TreasurySimulator;

/// <summary>One instruction as the simulated treasury holds it.</summary>
internal sealed class HeldInstruction(InstructRequest request, SimulatedOutcome outcome)
{
    public InstructRequest Request { get; } = request;

    public SimulatedOutcome Outcome { get; } = outcome;

    public Instruction State { get; set; } = new()
    {
        InstructionId = request.InstructionId,
        Status = InstructionStatus.Accepted,
        PayeeUscc = request.PayeeUscc,
        AmountFen = request.AmountFen,
    };
}

/// <summary>
/// The simulated treasury's book: instructions by key (same key and content: the same answer; other content:
/// refused), their outcomes drawn from the configured behaviour, and their settlement.
/// </summary>
internal sealed class SimulatedTreasury(TimeProvider clock)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly ConcurrentDictionary<string, HeldInstruction> _instructions = new(StringComparer.Ordinal);
    private long _references;

    public SimulatorBehaviour Behaviour { get; set; } = new() { LateConfirmationMs = 3000, TimeOutMs = 6000 };

    /// <summary>Takes an instruction; null answer and false when the key is held with other content.</summary>
    public (HeldInstruction? Held, bool Fresh) Take(InstructRequest request)
    {
        var fresh = false;
        var held = _instructions.GetOrAdd(request.InstructionId, _ =>
        {
            fresh = true;
            return new HeldInstruction(request.Clone(), Draw(request));
        });
        return held.Request.Equals(request) ? (held, fresh) : (null, false);
    }

    public HeldInstruction? Find(string instructionId) => _instructions.GetValueOrDefault(instructionId);

    public Instruction Settle(HeldInstruction held)
    {
        lock (held)
        {
            if (held.State.Status == InstructionStatus.Accepted)
            {
                held.State = new Instruction(held.State)
                {
                    Status = InstructionStatus.Settled,
                    TreasuryReference = $"GK{clock.GetUtcNow():yyyyMMdd}{Interlocked.Increment(ref _references):D8}",
                    SettledAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
                };
            }

            return held.State;
        }
    }

    public static Instruction Reject(HeldInstruction held, string reason)
    {
        lock (held)
        {
            held.State = new Instruction(held.State) { Status = InstructionStatus.Rejected, Reason = reason };
            return held.State;
        }
    }

    public IEnumerable<Instruction> SettledOn(DateOnly date) =>
        _instructions.Values
            .Select(h => h.State)
            .Where(s => s.Status == InstructionStatus.Settled && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.SettledAt.ToDateTimeOffset(), Shanghai).DateTime) == date);

    private SimulatedOutcome Draw(InstructRequest request)
    {
        var behaviour = Behaviour;
        if (request.PayeeAccount.Length > 0 && behaviour.ByAccount.TryGetValue(request.PayeeAccount, out var byAccount))
        {
            return byAccount;
        }

        if (behaviour.ByPayee.TryGetValue(request.PayeeUscc, out var byPayee))
        {
            return byPayee;
        }

        // A uniform draw in [0, 1) from the seed and the key: the same seed and instructions give the same outcomes.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{behaviour.Seed}:{request.InstructionId}"));
        var draw = BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue;
        foreach (var (rate, outcome) in new[]
        {
            (behaviour.RejectRate, SimulatedOutcome.Reject),
            (behaviour.TimeOutRate, SimulatedOutcome.TimeOut),
            (behaviour.ConfirmLateRate, SimulatedOutcome.ConfirmLate),
            (behaviour.ConfirmTwiceRate, SimulatedOutcome.ConfirmTwice),
        })
        {
            if (draw < rate)
            {
                return outcome;
            }

            draw -= rate;
        }

        return SimulatedOutcome.Settle;
    }
}

using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.Grpc.Payments.V1;
using Huangpu.Grpc.Treasury.V1;

namespace Huangpu.TreasurySimulator;

/// <summary>The treasury's interface (huangpu.treasury.v1.Treasury), answering as the behaviour says.</summary>
internal sealed partial class TreasuryService(SimulatedTreasury book, Confirmations confirmations) : Treasury.TreasuryBase
{
    private const string Rejection = "收款账户状态异常，无法入账 / the payee's account cannot receive the payment";

    public override async Task<Instruction> Instruct(InstructRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.InstructionId, out _) || request.AmountFen <= 0 || request.PayeeUscc.Length != 18)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "An instruction needs its id (a GUID), a payee USCC and an amount above zero."));
        }

        var (held, fresh) = book.Take(request);
        if (held is null)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"INSTRUCTION_KEY_REUSED: instruction {request.InstructionId} was received with other content."));
        }

        if (!fresh)
        {
            return held.State;
        }

        var behaviour = book.Behaviour;
        switch (held.Outcome)
        {
            case SimulatedOutcome.Reject:
                return SimulatedTreasury.Reject(held, Rejection);
            case SimulatedOutcome.TimeOut:
                // Settled here, but the answer comes after the caller stopped waiting; the confirmation after that.
                book.Settle(held);
                await Task.Delay(behaviour.TimeOutMs, CancellationToken.None);
                confirmations.Send(held, times: 1, after: TimeSpan.Zero);
                return held.State;
            case SimulatedOutcome.ConfirmLate:
                confirmations.Send(held, times: 1, after: TimeSpan.FromMilliseconds(behaviour.LateConfirmationMs), settleFirst: true);
                return held.State;
            case SimulatedOutcome.ConfirmTwice:
                confirmations.Send(held, times: 2, after: TimeSpan.Zero, settleFirst: true);
                return held.State;
            case SimulatedOutcome.NoConfirmation:
                return book.Settle(held);
            default:
                confirmations.Send(held, times: 1, after: TimeSpan.Zero, settleFirst: true);
                return held.State;
        }
    }

    public override Task<Instruction> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        book.Find(request.InstructionId) is { } held
            ? Task.FromResult(held.State)
            : throw new RpcException(new Status(StatusCode.NotFound, $"No instruction {request.InstructionId} was received."));

    public override Task<Statement> GetStatement(GetStatementRequest request, ServerCallContext context)
    {
        if (!DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A date as yyyy-MM-dd."));
        }

        var statement = new Statement { Date = request.Date };
        statement.Settled.AddRange(book.SettledOn(date));
        return Task.FromResult(statement);
    }
}

/// <summary>The simulator's control: tests and developers set how it answers.</summary>
internal sealed class SimulatorControlService(SimulatedTreasury book) : Grpc.Treasury.V1.TreasurySimulator.TreasurySimulatorBase
{
    public override Task<SimulatorBehaviour> Configure(SimulatorBehaviour request, ServerCallContext context)
    {
        var rates = new[] { request.RejectRate, request.TimeOutRate, request.ConfirmLateRate, request.ConfirmTwiceRate };
        if (rates.Any(r => r is < 0 or > 1) || rates.Sum() > 1 || request.LateConfirmationMs < 0 || request.TimeOutMs < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Rates are shares between 0 and 1 summing to at most 1; delays are not negative."));
        }

        book.Behaviour = request.Clone();
        return Task.FromResult(book.Behaviour);
    }
}

/// <summary>Sends the treasury's confirmations to the platform (huangpu.payments.v1.TreasuryCallbacks) as bureau <c>treasury</c>.</summary>
internal sealed partial class Confirmations(SimulatedTreasury book, TreasuryCallbacks.TreasuryCallbacksClient platform, TokenIssuer tokens, ILogger<Confirmations> logger)
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public void Send(HeldInstruction held, int times, TimeSpan after, bool settleFirst = false) =>
        _ = Task.Run(async () =>
        {
            if (after > TimeSpan.Zero)
            {
                await Task.Delay(after);
            }

            var state = settleFirst ? book.Settle(held) : held.State;
            for (var i = 0; i < times; i++)
            {
                await ConfirmAsync(state);
            }
        });

    private async Task ConfirmAsync(Instruction state)
    {
        var request = new ConfirmRequest
        {
            InstructionId = state.InstructionId,
            Outcome = state.Status == InstructionStatus.Settled ? "SETTLED" : "REJECTED",
            AmountFen = state.AmountFen,
            PayeeUscc = state.PayeeUscc,
            TreasuryReference = state.TreasuryReference,
            SettledAt = state.SettledAt,
            Reason = state.Reason,
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var token = tokens.Issue("treasury-simulator", PlatformRoles.PartnerBureau, bureau: PartnerBureaus.Treasury, lifetime: TimeSpan.FromMinutes(5));
                await platform.ConfirmAsync(request, new Metadata { { "authorization", $"Bearer {token}" } }, DateTime.UtcNow.AddSeconds(10));
                return;
            }
            catch (RpcException ex) when (attempt < Retries.Length && ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Aborted or StatusCode.ResourceExhausted)
            {
                await Task.Delay(Retries[attempt]);
            }
            catch (RpcException ex)
            {
                LogConfirmationFailed(logger, state.InstructionId, ex.StatusCode, ex.Status.Detail);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The platform refused or missed the confirmation of {InstructionId}: {Status} {Detail}")]
    private static partial void LogConfirmationFailed(ILogger logger, string instructionId, StatusCode status, string detail);
}

using Huangpu.BuildingBlocks.Auth;
using Huangpu.Payments.Domain;
using Microsoft.Extensions.Options;
using Proto = Huangpu.Grpc.Treasury.V1;

namespace Huangpu.Payments.Disbursement;

/// <summary>What the treasury says of one instruction.</summary>
public sealed record TreasuryAnswer(Guid InstructionId, TreasuryOutcome Outcome, long AmountFen, string PayeeUscc, string Reference, DateTimeOffset? SettledAt, string Reason);

/// <summary>The treasury could not be asked (down, or no answer within the deadline): nothing is known.</summary>
public sealed class TreasuryUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>The treasury as Payments uses it (a partner system; huangpu.treasury.v1.Treasury).</summary>
public interface ITreasury
{
    /// <summary>Sends an instruction. Null when no answer came within the deadline: the outcome is unknown.</summary>
    Task<TreasuryAnswer?> InstructAsync(TreasuryInstruction instruction, CancellationToken cancellationToken);

    /// <summary>Where an instruction stands; null when the treasury never received it. Throws <see cref="TreasuryUnavailableException"/>.</summary>
    Task<TreasuryAnswer?> StatusAsync(Guid instructionId, CancellationToken cancellationToken);

    /// <summary>Everything settled on a date. Throws <see cref="TreasuryUnavailableException"/>.</summary>
    Task<IReadOnlyList<TreasuryAnswer>> StatementAsync(DateOnly settledOn, CancellationToken cancellationToken);
}

public sealed class TreasuryOptions
{
    /// <summary>How long an instruction's answer is awaited before its outcome counts as unknown.</summary>
    public TimeSpan InstructDeadline { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan QueryDeadline { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The treasury over gRPC, on the platform's service account, each call within its deadline.</summary>
public sealed partial class GrpcTreasury(Proto.Treasury.TreasuryClient client, ServiceCredentials credentials, IOptions<TreasuryOptions> options, ILogger<GrpcTreasury> logger) : ITreasury
{
    public async Task<TreasuryAnswer?> InstructAsync(TreasuryInstruction instruction, CancellationToken cancellationToken)
    {
        var request = new Proto.InstructRequest
        {
            InstructionId = instruction.Id.ToString(),
            PayeeUscc = instruction.PayeeUscc,
            PayeeAccount = instruction.PayeeAccount,
            AmountFen = instruction.AmountFen,
            PaymentId = instruction.PaymentId.ToString(),
            PreviousInstructionId = instruction.PreviousInstructionId?.ToString() ?? string.Empty,
            Memo = "黄浦区人力资源服务业扶持资金 / Huangpu HR-service support award",
        };
        try
        {
            return From(await client.InstructAsync(request, credentials.Headers(), DateTime.UtcNow + options.Value.InstructDeadline, cancellationToken));
        }
        catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.AlreadyExists)
        {
            // The key is ours and its content fixed before sending: a refusal means the treasury holds other
            // content under it. Nothing is sent again; the status query shows what it holds.
            LogKeyRefused(logger, instruction.Id, ex.Status.Detail);
            return null;
        }
        catch (global::Grpc.Core.RpcException ex)
        {
            LogNoAnswer(logger, instruction.Id, ex.StatusCode);
            return null;
        }
    }

    public async Task<TreasuryAnswer?> StatusAsync(Guid instructionId, CancellationToken cancellationToken)
    {
        try
        {
            return From(await client.GetStatusAsync(new Proto.GetStatusRequest { InstructionId = instructionId.ToString() }, credentials.Headers(), DateTime.UtcNow + options.Value.QueryDeadline, cancellationToken));
        }
        catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
        catch (global::Grpc.Core.RpcException ex)
        {
            throw new TreasuryUnavailableException($"The treasury's status of {instructionId} could not be read ({ex.StatusCode}).", ex);
        }
    }

    public async Task<IReadOnlyList<TreasuryAnswer>> StatementAsync(DateOnly settledOn, CancellationToken cancellationToken)
    {
        try
        {
            var statement = await client.GetStatementAsync(
                new Proto.GetStatementRequest { Date = settledOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                credentials.Headers(),
                DateTime.UtcNow + options.Value.QueryDeadline,
                cancellationToken);
            return [.. statement.Settled.Select(From).OfType<TreasuryAnswer>()];
        }
        catch (global::Grpc.Core.RpcException ex)
        {
            throw new TreasuryUnavailableException($"The treasury's statement of {settledOn:yyyy-MM-dd} could not be read ({ex.StatusCode}).", ex);
        }
    }

    private static TreasuryAnswer? From(Proto.Instruction answer)
    {
        TreasuryOutcome? outcome = answer.Status switch
        {
            Proto.InstructionStatus.Accepted => TreasuryOutcome.Accepted,
            Proto.InstructionStatus.Settled => TreasuryOutcome.Settled,
            Proto.InstructionStatus.Rejected => TreasuryOutcome.Rejected,
            _ => null,
        };
        return outcome is { } known && Guid.TryParse(answer.InstructionId, out var id)
            ? new TreasuryAnswer(id, known, answer.AmountFen, answer.PayeeUscc, answer.TreasuryReference, answer.SettledAt?.ToDateTimeOffset(), answer.Reason)
            : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The treasury refused instruction {InstructionId} as a reused key: {Detail}")]
    private static partial void LogKeyRefused(ILogger logger, Guid instructionId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No answer from the treasury on instruction {InstructionId} ({Status}): its outcome is unknown until its status is read")]
    private static partial void LogNoAnswer(ILogger logger, Guid instructionId, global::Grpc.Core.StatusCode status);
}

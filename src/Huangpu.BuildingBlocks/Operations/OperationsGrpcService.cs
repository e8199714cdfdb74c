using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Operations.V1;

namespace Huangpu.BuildingBlocks.Operations;

/// <summary>The service's name as the gateway routes to it and operators call it (its AppHost resource name).</summary>
public sealed record ServiceIdentity(string Name);

/// <summary>The ops role's view of one service's outbox: what waits, what was dead-lettered, and the replay.</summary>
[Authorize(Roles = PlatformRoles.Ops)]
public sealed class OperationsGrpcService(PlatformDbContext db, ServiceIdentity identity, OutboxSignal signal) : Proto.OperationsService.OperationsServiceBase
{
    private const int ListedDeadLetters = 100;

    public override async Task<Proto.OutboxStatus> GetOutboxStatus(Proto.GetOutboxStatusRequest request, ServerCallContext context)
    {
        RequireThisService(request.Service);
        var ct = context.CancellationToken;
        var status = new Proto.OutboxStatus
        {
            Service = identity.Name,
            Pending = await db.OutboxMessages.LongCountAsync(m => m.SentAt == null && m.DeadLetteredAt == null, ct),
            DeadLettered = await db.OutboxMessages.LongCountAsync(m => m.DeadLetteredAt != null, ct),
        };
        var letters = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeadLetteredAt != null)
            .OrderBy(m => m.Sequence)
            .Take(ListedDeadLetters)
            .ToListAsync(ct);
        status.DeadLetters.AddRange(letters.Select(m => new Proto.DeadLetter
        {
            MessageId = m.MessageId.ToString(),
            MessageType = m.MessageType,
            Attempts = m.Attempts,
            LastError = m.LastError ?? string.Empty,
            CreatedAt = Timestamp.FromDateTimeOffset(m.CreatedAt),
            DeadLetteredAt = Timestamp.FromDateTimeOffset(m.DeadLetteredAt!.Value),
        }));
        return status;
    }

    public override async Task<Proto.ReplayDeadLettersResponse> ReplayDeadLetters(Proto.ReplayDeadLettersRequest request, ServerCallContext context)
    {
        RequireThisService(request.Service);
        var replayed = await db.ReplayDeadLettersAsync(context.CancellationToken);
        signal.Notify();
        return new Proto.ReplayDeadLettersResponse { Replayed = replayed };
    }

    private void RequireThisService(string service)
    {
        if (!string.Equals(service, identity.Name, StringComparison.Ordinal))
        {
            throw RpcErrors.NotFound("huangpu.operations.v1.Service", service, $"This is the {identity.Name} service, not '{service}'.", $"此为 {identity.Name} 服务，而非“{service}”。");
        }
    }
}

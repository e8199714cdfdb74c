using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Compliance.Risk;
using Huangpu.Grpc.Compliance.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ProtoAuditEntry = Huangpu.Grpc.Compliance.V1.AuditEntry;

namespace Huangpu.Compliance.Grpc;

/// <summary>The audit trail (this file) and compliance cases; compliance officers and auditors read, only officers act.</summary>
[Authorize(Roles = $"{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}")]
public sealed partial class ComplianceGrpcService(ComplianceDbContext db, AuditTrail trail, DecisionPackets packets, RiskRules rules, IdempotencyGate idempotency, PolicyCalendar calendar) : ComplianceService.ComplianceServiceBase
{
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var subject = request.Subject.Trim();
        if (subject.Length == 0)
        {
            throw RpcErrors.InvalidArgument("subject", "Name the subject: a USCC or an application id.", "请指定审计对象：统一社会信用代码或申请编号。");
        }

        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterInt64(request.PageToken);
        var page = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subjects.Contains(subject) && e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, e => Paging.Token(e.Sequence));
        var response = new ListAuditEntriesResponse { NextPageToken = next };
        response.Entries.AddRange(items.Select(ToProto));
        return response;
    }

    public override async Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context)
    {
        var (intact, entries, firstBroken) = await trail.VerifyAsync(context.CancellationToken);
        return new VerifyAuditTrailResponse { Intact = intact, Entries = entries, FirstBrokenEntry = firstBroken };
    }

    public override async Task<Google.Api.HttpBody> GetDecisionPacket(GetDecisionPacketRequest request, ServerCallContext context)
    {
        var notFound = RpcErrors.NotFound("huangpu.compliance.v1.DecisionPacket", request.ApplicationId, $"No audit entries of application '{request.ApplicationId}'.", $"没有申请“{request.ApplicationId}”的审计记录。");
        if (!Guid.TryParse(request.ApplicationId, out var applicationId))
        {
            throw notFound;
        }

        var packet = await packets.BuildAsync(applicationId, context.CancellationToken) ?? throw notFound;
        return new Google.Api.HttpBody { ContentType = "application/json", Data = Google.Protobuf.ByteString.CopyFrom(DecisionPackets.Serialize(packet)) };
    }

    private static ProtoAuditEntry ToProto(Domain.AuditEntry entry)
    {
        var answer = new ProtoAuditEntry
        {
            Sequence = entry.Sequence,
            EventType = entry.EventType,
            MessageId = entry.MessageId.ToString("D"),
            Actor = entry.Actor,
            ActorRole = entry.ActorRole,
            Summary = entry.Summary,
            DataJson = entry.DataJson,
            OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt),
            RecordedAt = Timestamp.FromDateTimeOffset(entry.RecordedAt),
            Hash = entry.Hash,
            PreviousHash = entry.PreviousHash,
            HashVersion = entry.HashVersion,
        };
        answer.Subjects.AddRange(entry.Subjects);
        return answer;
    }
}

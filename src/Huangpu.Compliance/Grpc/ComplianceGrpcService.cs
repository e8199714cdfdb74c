using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Grpc.Compliance.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using ProtoAuditEntry = Huangpu.Grpc.Compliance.V1.AuditEntry;

namespace Huangpu.Compliance.Grpc;

[Authorize(Roles = $"{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}")]
public sealed class ComplianceGrpcService(ComplianceDbContext db, AuditTrail trail) : ComplianceService.ComplianceServiceBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var subject = request.Subject.Trim();
        if (subject.Length == 0)
        {
            throw RpcErrors.InvalidArgument("subject", "Name the subject: a USCC or an application id.", "请指定审计对象：统一社会信用代码或申请编号。");
        }

        if (request.PageSize < 0)
        {
            throw RpcErrors.InvalidArgument("pageSize", "pageSize cannot be negative.", "pageSize 不能为负数。");
        }

        var pageSize = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var after = DecodePageToken(request.PageToken);
        var page = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subjects.Contains(subject) && e.Sequence > after)
            .OrderBy(e => e.Sequence)
            .Take(pageSize + 1)
            .ToListAsync(context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.Entries.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            response.NextPageToken = EncodePageToken(page[pageSize - 1].Sequence);
        }

        return response;
    }

    public override async Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context)
    {
        var (intact, entries, firstBroken) = await trail.VerifyAsync(context.CancellationToken);
        return new VerifyAuditTrailResponse { Intact = intact, Entries = entries, FirstBrokenEntry = firstBroken };
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
        };
        answer.Subjects.AddRange(entry.Subjects);
        return answer;
    }

    internal static string EncodePageToken(long lastSequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(lastSequence.ToString(CultureInfo.InvariantCulture)));

    internal static long DecodePageToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            if (long.TryParse(Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
            // fall through to the refusal below
        }

        throw RpcErrors.InvalidArgument("pageToken", "The page token is not one this service issued.", "分页令牌无效。");
    }
}

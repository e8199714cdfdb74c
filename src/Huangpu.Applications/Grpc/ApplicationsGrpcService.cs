using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Applications.Calendar;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Documents;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

/// <summary>
/// The catalog (readable by every role: it is what applicants and officers work from), evidence upload,
/// and applications with their lifecycle (ApplicationsGrpcService.Applications.cs).
/// </summary>
[Authorize]
public sealed partial class ApplicationsGrpcService(
    PolicyCatalog catalog,
    ApplicationsDbContext db,
    PolicyCalendar calendar,
    IdempotencyGate idempotency,
    SubmissionChecks checks,
    IOrganizationNames names,
    IBudgetCommitments budget,
    WorkingDayCalendar workingDays,
    IOptionsMonitor<LifecycleOptions> lifecycleOptions,
    IOptionsMonitor<JointReviewOptions> jointReviewOptions,
    IOptionsMonitor<NoticeOptions> noticeOptions) : Proto.ApplicationsService.ApplicationsServiceBase
{
    [Authorize(Roles = $"{PlatformRoles.Applicant},{PlatformRoles.CaseOfficer}")]
    public override async Task<Proto.Document> UploadDocument(Proto.UploadDocumentRequest request, ServerCallContext context)
    {
        var sha256 = request.Sha256.Trim().ToLowerInvariant();
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw RpcErrors.InvalidArgument("sha256", "The path names the document by its SHA-256: 64 hex digits.", "路径须为文件的 SHA-256（64 位十六进制）。");
        }

        var bytes = request.Content?.Data ?? ByteString.Empty;
        if (bytes.Length == 0)
        {
            throw RpcErrors.InvalidArgument("content", "The document is empty.", "文件内容为空。");
        }

        if (bytes.Length > DocumentTypes.MaxBytes)
        {
            throw RpcErrors.InvalidArgument("content", "A document has at most 20 MiB.", "单个文件不得超过 20 MiB。");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (actual != sha256)
        {
            throw RpcErrors.InvalidArgument("sha256", $"The bytes hash to {actual}, not to the SHA-256 in the path.", $"文件内容的 SHA-256 为 {actual}，与路径不符。");
        }

        var declared = (request.Content!.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var sniffed = DocumentTypes.Sniff(bytes.Span);
        if (sniffed is null)
        {
            throw RpcErrors.InvalidArgument("content", $"The bytes are none of the accepted types ({string.Join(", ", DocumentTypes.Allowed)}).", "文件类型不在允许范围内（PDF、OFD、JPEG、PNG、DOCX、XLSX）。");
        }

        if (declared != sniffed)
        {
            throw RpcErrors.InvalidArgument("contentType", $"Declared as '{declared}', but the bytes are {sniffed}.", $"声明的类型“{declared}”与文件内容（{sniffed}）不符。");
        }

        // Content-addressed: the same bytes again change nothing.
        var existing = await db.Documents.AsNoTracking().Where(d => d.Sha256 == sha256)
            .Select(d => new { d.Sha256, d.MediaType, d.SizeBytes, d.UploadedAt })
            .SingleOrDefaultAsync(context.CancellationToken);
        if (existing is not null)
        {
            return new Proto.Document { Sha256 = existing.Sha256, MediaType = existing.MediaType, SizeBytes = existing.SizeBytes, UploadedAt = Timestamp.FromDateTimeOffset(existing.UploadedAt) };
        }

        var document = new StoredDocument
        {
            Sha256 = sha256,
            MediaType = sniffed,
            SizeBytes = bytes.Length,
            Content = bytes.ToByteArray(),
            UploadedBy = context.GetHttpContext().User.SubjectOrAnonymous(),
            UploadedAt = calendar.Now(),
        };
        db.Documents.Add(document);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same bytes uploaded concurrently: the other upload stored them.
        }

        return new Proto.Document { Sha256 = sha256, MediaType = sniffed, SizeBytes = bytes.Length, UploadedAt = Timestamp.FromDateTimeOffset(document.UploadedAt) };
    }

    public override Task<Proto.ListPoliciesResponse> ListPolicies(Proto.ListPoliciesRequest request, ServerCallContext context)
    {
        var response = new Proto.ListPoliciesResponse();
        response.Policies.AddRange(catalog.Policies.Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<Proto.Policy> GetPolicy(Proto.GetPolicyRequest request, ServerCallContext context)
    {
        var policy = catalog.Find(request.PolicyId.Trim())
            ?? throw RpcErrors.NotFound("huangpu.applications.v1.Policy", request.PolicyId, $"No policy '{request.PolicyId}' in the catalog.", $"政策目录中没有“{request.PolicyId}”。");
        return Task.FromResult(ToProto(policy));
    }

    internal static Proto.Policy ToProto(Policy policy)
    {
        var answer = new Proto.Policy
        {
            PolicyId = policy.PolicyId,
            DocumentNumber = policy.DocumentNumber,
            Title = policy.Title,
            IssuedOn = Format(policy.IssuedOn),
            InterpretedBy = policy.InterpretedBy,
            Contact = policy.Contact,
            ValidFrom = Format(policy.ValidFrom),
            ValidTo = Format(policy.ValidTo),
            TimeZone = policy.TimeZone.Id,
        };
        answer.Issuers.AddRange(policy.Issuers);
        answer.Groups.AddRange(policy.Groups.Select(g =>
        {
            var group = new Proto.PolicyGroup { Code = g.Code, Clause = g.Clause, Title = g.Title };
            group.Measures.AddRange(g.Measures.Select(m =>
            {
                var measure = new Proto.PolicyMeasure { Number = m.Number, Title = m.Title };
                measure.Items.AddRange(m.Items.Select(i =>
                {
                    var item = new Proto.PolicyItem
                    {
                        Code = i.Code,
                        Clause = i.Clause,
                        Title = i.Title,
                        Rewards = i.Rewards,
                        Conditions = i.Conditions,
                        AwardRule = i.AwardRule switch
                        {
                            AwardRule.Cap => Proto.AwardRule.Cap,
                            AwardRule.Matching1To1 => Proto.AwardRule.Matching1To1,
                            AwardRule.PerRegulation => Proto.AwardRule.PerRegulation,
                            _ => Proto.AwardRule.Referral,
                        },
                        CapFen = i.CapFen ?? 0,
                        ReferralNote = i.ReferralNote ?? string.Empty,
                        NonCashSupport = i.NonCashSupport ?? string.Empty,
                    };
                    item.Rounds.AddRange(i.Rounds.Select(r => new Proto.ApplicationRound { RoundId = r.RoundId, OpensOn = Format(r.OpensOn), ClosesOn = Format(r.ClosesOn) }));
                    return item;
                }));
                return measure;
            }));
            return group;
        }));
        return answer;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

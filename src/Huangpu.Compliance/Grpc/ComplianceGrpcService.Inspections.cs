using System.Globalization;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Compliance.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Compliance.V1;

namespace Huangpu.Compliance.Grpc;

/// <summary>Supervision: inspections of organisations and their follow-ups (compliance officers record; auditors read).</summary>
public sealed partial class ComplianceGrpcService
{
    private const string InspectionType = "huangpu.compliance.v1.Inspection";
    private const string DateFormat = "yyyy-MM-dd";

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override async Task<Proto.Inspection> RecordInspection(Proto.RecordInspectionRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length != 18)
        {
            problems.Add(new FieldProblem("organizationUscc", "An 18-character unified social credit code.", "须为 18 位统一社会信用代码。"));
        }

        if (request.Kind is not (Proto.InspectionKind.Routine or Proto.InspectionKind.Enforcement))
        {
            problems.Add(new FieldProblem("kind", "INSPECTION_KIND_ROUTINE (日常监管) or INSPECTION_KIND_ENFORCEMENT (执法检查).", "须为日常监管或执法检查。"));
        }

        var inspectedOn = Date("inspectedOn", request.InspectedOn, required: true, problems);
        var followUpDue = Date("followUpDue", request.FollowUpDue, required: false, problems);
        var inspectors = request.Inspectors.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (inspectors.Any(i => i.Length > 50))
        {
            problems.Add(new FieldProblem("inspectors", "An inspector's name has at most 50 characters.", "检查人员姓名不超过 50 字。"));
        }

        Text("findings", request.Findings, problems);
        var kind = (InspectionKind)(int)request.Kind;
        if (problems.Count == 0)
        {
            problems.AddRange(Inspection.Problems(kind, inspectedOn!.Value, inspectors, followUpDue, calendar.Today())
                .Select(p => new FieldProblem(p.Field, p.English, p.Chinese)));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var by = context.GetHttpContext().User.SubjectOrAnonymous();
        return await idempotency.RunAsync(context, "compliance.RecordInspection", request, request.RequestId, ct =>
        {
            var inspection = Inspection.Record(uscc, kind, inspectedOn!.Value, inspectors, request.Findings.Trim(), followUpDue, by, calendar.Now());
            db.Inspections.Add(inspection);
            return Task.FromResult(ToProto(inspection));
        });
    }

    public override async Task<Proto.ListInspectionsResponse> ListInspections(Proto.ListInspectionsRequest request, ServerCallContext context)
    {
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length == 0 && !request.Overdue)
        {
            throw RpcErrors.InvalidArgument("organizationUscc", "Name the organisation, or ask for the overdue follow-ups (overdue=true).", "请指定机构，或查询逾期未整改的检查（overdue=true）。");
        }

        var pageSize = Paging.PageSize(request.PageSize);
        var query = db.Inspections.AsNoTracking();
        if (uscc.Length > 0)
        {
            query = query.Where(i => i.OrganizationUscc == uscc);
        }

        if (request.Overdue)
        {
            var today = calendar.Today();
            query = query.Where(i => i.FollowUpDue != null && i.FollowUpDoneOn == null && i.FollowUpDue < today);
        }

        if (Paging.AfterGuid(request.PageToken) is { } last)
        {
            query = query.Where(i => i.Id.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(i => i.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, i => Paging.Token(i.Id));
        var answer = new Proto.ListInspectionsResponse { NextPageToken = next };
        answer.Inspections.AddRange(items.Select(ToProto));
        return answer;
    }

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override async Task<Proto.Inspection> CompleteFollowUp(Proto.CompleteFollowUpRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var id = Guid.TryParse(request.InspectionId, out var parsed) ? parsed : Guid.Empty;
        if (id == Guid.Empty)
        {
            problems.Add(new FieldProblem("inspectionId", "An inspection's id.", "须为检查记录编号。"));
        }

        Text("note", request.Note, problems);
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await idempotency.RunAsync(context, "compliance.CompleteFollowUp", request, request.RequestId, async ct =>
        {
            var inspection = await db.Inspections.FromSql($"SELECT * FROM inspections WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
                ?? throw RpcErrors.NotFound(InspectionType, request.InspectionId, $"No inspection {request.InspectionId}.", $"没有检查记录 {request.InspectionId}。");
            try
            {
                inspection.CompleteFollowUp(calendar.Today(), request.Note.Trim());
            }
            catch (CaseException refused)
            {
                throw RpcErrors.FailedPrecondition(refused.Reason, $"{InspectionType}/{request.InspectionId}", refused.Message, refused.Chinese);
            }

            return ToProto(inspection);
        });
    }

    private static DateOnly? Date(string field, string value, bool required, List<FieldProblem> problems)
    {
        if (value.Trim().Length == 0 && !required)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new FieldProblem(field, "A date as yyyy-MM-dd (Asia/Shanghai).", "须为 yyyy-MM-dd 格式的日期（北京时间）。"));
        return null;
    }

    private Proto.Inspection ToProto(Inspection inspection)
    {
        var answer = new Proto.Inspection
        {
            InspectionId = inspection.Id.ToString(),
            OrganizationUscc = inspection.OrganizationUscc,
            Kind = (Proto.InspectionKind)(int)inspection.Kind,
            InspectedOn = inspection.InspectedOn.ToString(DateFormat, CultureInfo.InvariantCulture),
            Findings = inspection.Findings,
            FollowUpDue = inspection.FollowUpDue?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? string.Empty,
            FollowUpDoneOn = inspection.FollowUpDoneOn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? string.Empty,
            FollowUpNote = inspection.FollowUpNote,
            Overdue = inspection.IsOverdue(calendar.Today()),
            RecordedBy = inspection.RecordedBy,
        };
        answer.Inspectors.AddRange(inspection.Inspectors);
        return answer;
    }
}

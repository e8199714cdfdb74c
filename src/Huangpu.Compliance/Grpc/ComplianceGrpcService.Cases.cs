using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Compliance.Domain;
using Huangpu.Contracts.Compliance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Compliance.V1;

namespace Huangpu.Compliance.Grpc;

/// <summary>Cases: alert → case → finding; a fraud finding's clawback and a case's closing each need two officers.</summary>
public sealed partial class ComplianceGrpcService
{
    private const string CaseType = "huangpu.compliance.v1.Case";
    private const int MaxTextLength = 2000;

    public override async Task<Proto.ListAlertsResponse> ListAlerts(Proto.ListAlertsRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var query = db.Alerts.AsNoTracking();
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length > 0)
        {
            query = query.Where(a => a.OrganizationUscc == uscc);
        }

        if (Paging.AfterGuid(request.PageToken) is { } last)
        {
            query = query.Where(a => a.Id.CompareTo(last) < 0);
        }

        var page = await query.OrderByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, a => Paging.Token(a.Id));
        var answer = new Proto.ListAlertsResponse { NextPageToken = next };
        answer.Alerts.AddRange(items.Select(a =>
        {
            var alert = new Proto.Alert
            {
                AlertId = a.Id.ToString(),
                RuleId = a.RuleId,
                Clause = rules[a.RuleId].Clause,
                Subject = a.Subject,
                OrganizationUscc = a.OrganizationUscc,
                ApplicationId = a.ApplicationId?.ToString() ?? string.Empty,
                Summary = a.Summary,
                RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt),
            };
            alert.EvidenceMessageIds.AddRange(a.EvidenceMessageIds.Select(m => m.ToString()));
            return alert;
        }));
        return answer;
    }

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override async Task<Proto.Case> OpenCase(Proto.OpenCaseRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var applicationId = Guid.TryParse(request.ApplicationId, out var parsed) ? parsed : Guid.Empty;
        if (applicationId == Guid.Empty)
        {
            problems.Add(new FieldProblem("applicationId", "The application the case is about.", "须为案件所涉申请编号。"));
        }

        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length != 18)
        {
            problems.Add(new FieldProblem("organizationUscc", "An 18-character unified social credit code.", "须为 18 位统一社会信用代码。"));
        }

        Text("summary", request.Summary, problems);
        Guid? alertId = null;
        if (request.AlertId.Length > 0)
        {
            alertId = Guid.TryParse(request.AlertId, out var alert) ? alert : null;
            if (alertId is null)
            {
                problems.Add(new FieldProblem("alertId", "An alert's id, or nothing.", "须为预警编号，或留空。"));
            }
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var by = context.GetHttpContext().User.SubjectOrAnonymous();
        return await idempotency.RunAsync(context, "compliance.OpenCase", request, request.RequestId, ct =>
        {
            var opened = ComplianceCase.Open(applicationId, uscc, request.Summary.Trim(), alertId, by, calendar.Now());
            db.Cases.Add(opened);
            Transitioned(opened, by);
            return Task.FromResult(ToProto(opened));
        });
    }

    public override async Task<Proto.Case> GetCase(Proto.GetCaseRequest request, ServerCallContext context)
    {
        var id = CaseId(request.CaseId);
        var found = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw NoCase(request.CaseId);
        return ToProto(found);
    }

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override Task<Proto.Case> RecordFinding(Proto.RecordFindingRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        if (request.Finding == Proto.Finding.Unspecified || !System.Enum.IsDefined(request.Finding))
        {
            problems.Add(new FieldProblem("finding", "FINDING_FRAUD, FINDING_BREACH, FINDING_UNMET_COMMITMENT or FINDING_NONE.", "须为认定结论之一。"));
        }

        if (request.ClawbackAmountFen < 0)
        {
            problems.Add(new FieldProblem("clawbackAmountFen", "An amount in fen, not negative.", "追回金额（分）不得为负。"));
        }

        Text("evidence", request.Evidence, problems);
        return OnCaseAsync(context, "compliance.RecordFinding", request, request.CaseId, request.RequestId, problems, (found, by, now) =>
            found.RecordFinding((Finding)(int)request.Finding, request.ClawbackAmountFen, request.Evidence.Trim(), by, now));
    }

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override Task<Proto.Case> OrderClawback(Proto.OrderClawbackRequest request, ServerCallContext context) =>
        OnCaseAsync(context, "compliance.OrderClawback", request, request.CaseId, request.RequestId, Reason(request.Reason), (found, by, now) =>
            found.ProposeClawback(by, request.Reason.Trim(), now));

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override Task<Proto.Case> ApproveClawback(Proto.ApproveClawbackRequest request, ServerCallContext context) =>
        OnCaseAsync(context, "compliance.ApproveClawback", request, request.CaseId, request.RequestId, Reason(request.Reason), (found, by, now) =>
        {
            found.ApproveClawback(by, request.Reason.Trim(), now);
            // Payments opens a receivable (once per case); the credit bureau is asked for a credit record.
            db.AddIntegrationEvent(new ClawbackOrdered
            {
                CaseId = found.Id,
                ApplicationId = found.ApplicationId,
                OrganizationUscc = found.OrganizationUscc,
                AmountFen = found.ClawbackAmountFen,
                LegalBasis = ComplianceCase.ClawbackLegalBasis,
                Evidence = found.Evidence,
                OccurredAt = now,
                Actor = by,
                ActorRole = PlatformRoles.ComplianceOfficer,
            });
            db.AddIntegrationEvent(new CreditRecordProposed
            {
                CaseId = found.Id,
                OrganizationUscc = found.OrganizationUscc,
                Reason = $"弄虚作假骗取扶持资金（案件 {found.Id}）/ fraud in a support application",
                LegalBasis = ComplianceCase.ClawbackLegalBasis,
                OccurredAt = now,
                Actor = by,
                ActorRole = PlatformRoles.ComplianceOfficer,
            });
        });

    [Authorize(Roles = PlatformRoles.ComplianceOfficer)]
    public override Task<Proto.Case> CloseCase(Proto.CloseCaseRequest request, ServerCallContext context) =>
        OnCaseAsync(context, "compliance.CloseCase", request, request.CaseId, request.RequestId, Reason(request.Reason), (found, by, now) =>
            found.Close(by, request.Reason.Trim(), now));

    private async Task<Proto.Case> OnCaseAsync<TRequest>(
        ServerCallContext context,
        string operation,
        TRequest request,
        string caseId,
        string requestId,
        List<FieldProblem> problems,
        Action<ComplianceCase, string, DateTimeOffset> act)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var id = Guid.TryParse(caseId, out var parsed) ? parsed : Guid.Empty;
        if (id == Guid.Empty)
        {
            problems.Insert(0, new FieldProblem("caseId", "A case's id.", "须为案件编号。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var by = context.GetHttpContext().User.SubjectOrAnonymous();
        return await idempotency.RunAsync(context, operation, request, requestId, async ct =>
        {
            var found = await db.Cases.FromSql($"SELECT * FROM cases WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct) ?? throw NoCase(caseId);
            try
            {
                act(found, by, calendar.Now());
            }
            catch (CaseException refused)
            {
                throw RpcErrors.FailedPrecondition(refused.Reason, $"{CaseType}/{caseId}", refused.Message, refused.Chinese);
            }

            Transitioned(found, by);
            return ToProto(found);
        });
    }

    private void Transitioned(ComplianceCase found, string by) =>
        db.AddIntegrationEvent(new CaseTransitioned
        {
            CaseId = found.Id,
            ApplicationId = found.ApplicationId,
            OrganizationUscc = found.OrganizationUscc,
            Action = found.History[^1].Action,
            Status = ContractNames.Of(found.Status),
            OccurredAt = found.History[^1].At,
            Actor = by,
            ActorRole = PlatformRoles.ComplianceOfficer,
        });

    private static void Text(string field, string value, List<FieldProblem> problems)
    {
        if (value.Trim().Length is 0 or > MaxTextLength)
        {
            problems.Add(new FieldProblem(field, $"Required, at most {MaxTextLength} characters.", $"必填，不超过 {MaxTextLength} 字。"));
        }
    }

    private static List<FieldProblem> Reason(string reason)
    {
        var problems = new List<FieldProblem>();
        Text("reason", reason, problems);
        return problems;
    }

    private static Guid CaseId(string value) =>
        Guid.TryParse(value, out var id) ? id : throw RpcErrors.InvalidArgument("caseId", "A case's id.", "须为案件编号。");

    private static RpcException NoCase(string caseId) => RpcErrors.NotFound(CaseType, caseId, $"No case {caseId}.", $"没有案件 {caseId}。");

    private static Proto.Case ToProto(ComplianceCase found)
    {
        var answer = new Proto.Case
        {
            CaseId = found.Id.ToString(),
            ApplicationId = found.ApplicationId.ToString(),
            OrganizationUscc = found.OrganizationUscc,
            Summary = found.Summary,
            AlertId = found.AlertId?.ToString() ?? string.Empty,
            Status = (Proto.CaseStatus)(int)found.Status,
            Finding = found.Finding is { } finding ? (Proto.Finding)(int)finding : Proto.Finding.Unspecified,
            ClawbackAmountFen = found.ClawbackAmountFen,
            Evidence = found.Evidence,
            LegalBasis = found.Finding == Finding.Fraud ? ComplianceCase.ClawbackLegalBasis : string.Empty,
            OpenedAt = Timestamp.FromDateTimeOffset(found.OpenedAt),
        };
        answer.History.AddRange(found.History.Select(s => new Proto.CaseStep { Action = s.Action, Actor = s.Actor, Reason = s.Reason, At = Timestamp.FromDateTimeOffset(s.At) }));
        return answer;
    }
}

using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Payments.V1;

namespace Huangpu.Payments.Grpc;

/// <summary>Clawback receivables: repayments, offsets against later awards, and write-offs by two finance officers.</summary>
public sealed partial class PaymentsGrpcService
{
    private const string ReceivableType = "huangpu.payments.v1.Receivable";

    [Authorize(Roles = Readers)]
    public override async Task<Proto.ListReceivablesResponse> ListReceivables(Proto.ListReceivablesRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterGuid(request.PageToken);
        var query = db.Receivables.AsNoTracking();
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (uscc.Length > 0)
        {
            query = query.Where(r => r.OrganizationUscc == uscc);
        }

        if (after is { } last)
        {
            query = query.Where(r => r.Id.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(r => r.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, r => Paging.Token(r.Id));
        var answer = new Proto.ListReceivablesResponse { NextPageToken = next };
        answer.Receivables.AddRange(items.Select(ToProto));
        return answer;
    }

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.Receivable> RecordRepayment(Proto.RecordRepaymentRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        if (request.AmountFen <= 0)
        {
            problems.Add(new FieldProblem("amountFen", "The amount repaid, in fen, above zero.", "还款金额（分）须大于零。"));
        }

        if (request.Reference.Trim().Length is 0 or > 64)
        {
            problems.Add(new FieldProblem("reference", "The bank or treasury reference of the repayment (at most 64 characters).", "须填写还款的银行或国库凭证号（不超过 64 个字符）。"));
        }

        return OnReceivableAsync(context, "payments.RecordRepayment", request, request.ReceivableId, request.RequestId, problems, (receivable, actor, now) =>
        {
            book.Repay(receivable, request.AmountFen, request.Reference.Trim(), actor, now);
            return Task.CompletedTask;
        });
    }

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.Receivable> OffsetReceivable(Proto.OffsetReceivableRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var paymentId = Guid.TryParse(request.PaymentId, out var parsed) ? parsed : Guid.Empty;
        if (paymentId == Guid.Empty)
        {
            problems.Add(new FieldProblem("paymentId", "The later, unpaid payment order of the same organisation.", "须为同一机构尚未拨付的拨付指令编号。"));
        }

        if (request.AmountFen < 0)
        {
            problems.Add(new FieldProblem("amountFen", "An amount in fen, or zero for as much as possible.", "金额（分）不得为负；为零时尽可能多地抵扣。"));
        }

        return OnReceivableAsync(context, "payments.OffsetReceivable", request, request.ReceivableId, request.RequestId, problems, async (receivable, actor, now) =>
        {
            var order = await book.LockAsync(paymentId, context.CancellationToken)
                ?? throw RpcErrors.NotFound(PaymentType, request.PaymentId, $"No payment order {request.PaymentId}.", $"没有拨付指令 {request.PaymentId}。");
            book.Offset(order, receivable, request.AmountFen, actor, now);
        });
    }

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.Receivable> WriteOffReceivable(Proto.WriteOffReceivableRequest request, ServerCallContext context) =>
        OnReceivableAsync(context, "payments.WriteOffReceivable", request, request.ReceivableId, request.RequestId, ReasonProblems(request.Reason), (receivable, actor, now) =>
        {
            receivable.ProposeWriteOff(actor.Name, request.Reason.Trim(), now);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.Receivable> ApproveWriteOff(Proto.ApproveWriteOffRequest request, ServerCallContext context) =>
        OnReceivableAsync(context, "payments.ApproveWriteOff", request, request.ReceivableId, request.RequestId, ReasonProblems(request.Reason), (receivable, actor, now) =>
        {
            book.ApproveWriteOff(receivable, actor, now);
            return Task.CompletedTask;
        });

    private static List<FieldProblem> ReasonProblems(string reason) =>
        reason.Trim().Length is 0 or > MaxReasonLength
            ? [new FieldProblem("reason", $"Why, in at most {MaxReasonLength} characters: it is kept with the receivable.", $"须说明理由（不超过 {MaxReasonLength} 字），随应收款存档。")]
            : [];

    private async Task<Proto.Receivable> OnReceivableAsync<TRequest>(
        ServerCallContext context,
        string operation,
        TRequest request,
        string receivableId,
        string requestId,
        List<FieldProblem> problems,
        Func<Receivable, PaymentActor, DateTimeOffset, Task> act)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var id = Guid.TryParse(receivableId, out var parsed) ? parsed : Guid.Empty;
        if (id == Guid.Empty)
        {
            problems.Insert(0, new FieldProblem("receivableId", "A receivable's id.", "须为应收款编号。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var user = context.GetHttpContext().User;
        return await idempotency.RunAsync(context, operation, request, requestId, async ct =>
        {
            var receivable = await db.Receivables.FromSql($"SELECT * FROM receivables WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
                ?? throw RpcErrors.NotFound(ReceivableType, receivableId, $"No receivable {receivableId}.", $"没有应收款 {receivableId}。");
            try
            {
                await act(receivable, new PaymentActor(user.SubjectOrAnonymous(), user.RoleOrNone()), calendar.Now());
            }
            catch (PaymentOrderException refused)
            {
                throw RpcErrors.FailedPrecondition(refused.Reason, $"{ReceivableType}/{receivableId}", refused.Message, refused.Chinese);
            }

            return ToProto(receivable);
        });
    }

    private static Proto.Receivable ToProto(Receivable receivable) => new()
    {
        ReceivableId = receivable.Id.ToString(),
        OrganizationUscc = receivable.OrganizationUscc,
        ApplicationId = receivable.ApplicationId.ToString(),
        CaseId = receivable.CaseId.ToString(),
        AmountFen = receivable.AmountFen,
        RepaidFen = receivable.RepaidFen,
        OffsetFen = receivable.OffsetFen,
        WrittenOffFen = receivable.WrittenOffFen,
        OutstandingFen = receivable.OutstandingFen,
        Status = (Proto.ReceivableStatus)(int)receivable.Status,
        LegalBasis = receivable.LegalBasis,
        WriteOffProposedBy = receivable.WriteOffProposedBy,
        CreatedAt = Timestamp.FromDateTimeOffset(receivable.CreatedAt),
    };
}

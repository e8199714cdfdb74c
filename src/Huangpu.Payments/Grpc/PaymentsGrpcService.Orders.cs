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

/// <summary>Payment orders held, rejected or cancelled by finance, and reconciliation with the treasury.</summary>
public sealed partial class PaymentsGrpcService
{
    private const string PaymentType = "huangpu.payments.v1.PaymentOrder";
    private const int MaxReasonLength = 500;

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.PaymentOrder> ReleasePayment(Proto.ReleasePaymentRequest request, ServerCallContext context) =>
        OnOrderAsync(context, "payments.ReleasePayment", request, request.PaymentId, request.Reason, request.RequestId, (order, _, now) =>
        {
            order.Release(now);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.PaymentOrder> CancelPayment(Proto.CancelPaymentRequest request, ServerCallContext context) =>
        OnOrderAsync(context, "payments.CancelPayment", request, request.PaymentId, request.Reason, request.RequestId, (order, actor, now) =>
        {
            book.Cancel(order, request.Reason.Trim(), actor, now);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.Finance)]
    public override Task<Proto.PaymentOrder> RevisePayment(Proto.RevisePaymentRequest request, ServerCallContext context)
    {
        var account = request.PayeeAccount.Trim();
        if (account.Length > 64)
        {
            throw RpcErrors.InvalidArgument("payeeAccount", "An account of at most 64 characters.", "收款账号最多 64 个字符。");
        }

        return OnOrderAsync(context, "payments.RevisePayment", request, request.PaymentId, request.Reason, request.RequestId, (order, _, now) =>
        {
            order.Revise(account, now);
            return Task.CompletedTask;
        });
    }

    [Authorize(Roles = PlatformRoles.Finance)]
    public override async Task<Proto.Reconciliation> Reconcile(Proto.ReconcileRequest request, ServerCallContext context)
    {
        if (!DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            throw RpcErrors.InvalidArgument("date", "A date as yyyy-MM-dd (Asia/Shanghai).", "须为 yyyy-MM-dd 格式的日期（北京时间）。");
        }

        if (date >= calendar.Today())
        {
            throw RpcErrors.InvalidArgument("date", "Only a day that is over can be reconciled: yesterday or before.", "只能对已结束的日期对账：昨天或更早。");
        }

        var user = context.GetHttpContext().User;
        return await idempotency.RunAsync(context, "payments.Reconcile", request, request.RequestId, async ct =>
        {
            Reconciliation run;
            try
            {
                run = await reconciler.ReconcileAsync(date, new PaymentActor(user.SubjectOrAnonymous(), user.RoleOrNone()), ct);
            }
            catch (TreasuryUnavailableException)
            {
                throw RpcErrors.Unavailable("TREASURY_UNAVAILABLE", "The treasury's statement could not be read; nothing was recorded. Try again shortly.", "暂时无法读取国库对账单，未作任何记录，请稍后重试。");
            }

            var answer = new Proto.Reconciliation
            {
                ReconciliationId = run.Id.ToString(),
                Date = request.Date,
                Matched = run.Matched,
                ReconciledAt = Timestamp.FromDateTimeOffset(run.ReconciledAt),
            };
            answer.Differences.AddRange(run.Differences.Select(d => new Proto.ReconciliationDifference
            {
                Kind = Name(d.Kind),
                InstructionId = d.InstructionId.ToString(),
                PaymentId = d.PaymentId?.ToString() ?? string.Empty,
                LedgerFen = d.LedgerFen,
                TreasuryFen = d.TreasuryFen,
            }));
            return answer;
        });
    }

    /// <summary>One finance action on one order: validated, run once per idempotency key, on the locked order.</summary>
    private async Task<Proto.PaymentOrder> OnOrderAsync<TRequest>(
        ServerCallContext context,
        string operation,
        TRequest request,
        string paymentId,
        string reason,
        string requestId,
        Func<PaymentOrder, PaymentActor, DateTimeOffset, Task> act)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var problems = new List<FieldProblem>();
        var id = Guid.TryParse(paymentId, out var parsed) ? parsed : Guid.Empty;
        if (id == Guid.Empty)
        {
            problems.Add(new FieldProblem("paymentId", "A payment order's id.", "须为拨付指令编号。"));
        }

        if (reason.Trim().Length is 0 or > MaxReasonLength)
        {
            problems.Add(new FieldProblem("reason", $"Why, in at most {MaxReasonLength} characters: it is kept with the order.", $"须说明理由（不超过 {MaxReasonLength} 字），随指令存档。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var user = context.GetHttpContext().User;
        var answer = await idempotency.RunAsync(context, operation, request, requestId, async ct =>
        {
            var order = await book.LockAsync(id, ct)
                ?? throw RpcErrors.NotFound(PaymentType, paymentId, $"No payment order {paymentId}.", $"没有拨付指令 {paymentId}。");
            try
            {
                await act(order, new PaymentActor(user.SubjectOrAnonymous(), user.RoleOrNone()), calendar.Now());
            }
            catch (PaymentOrderException refused)
            {
                throw RpcErrors.FailedPrecondition(refused.Reason, $"{PaymentType}/{paymentId}", refused.Message, refused.Chinese);
            }

            return ToProto(order);
        });
        dispatchSignal.Notify(); // a released or revised order goes out at once
        return answer;
    }

    private static Proto.PaymentOrder ToProto(PaymentOrder order)
    {
        var answer = new Proto.PaymentOrder
        {
            PaymentId = order.Id.ToString(),
            ApplicationId = order.ApplicationId.ToString(),
            OrganizationUscc = order.OrganizationUscc,
            PolicyId = order.PolicyId,
            ItemCode = order.ItemCode,
            AmountFen = order.AmountFen,
            OffsetFen = order.OffsetFen,
            PayableFen = order.PayableFen,
            Year = order.Year,
            Status = (Proto.PaymentStatus)(int)order.Status,
            PayeeAccount = order.PayeeAccount,
            InstructionId = order.InstructionId?.ToString() ?? string.Empty,
            TreasuryReference = order.TreasuryReference,
            CreatedAt = Timestamp.FromDateTimeOffset(order.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(order.UpdatedAt),
            DisbursedAt = order.DisbursedAt is { } paid ? Timestamp.FromDateTimeOffset(paid) : null,
        };
        answer.PreviousInstructionIds.AddRange(order.PreviousInstructionIds.Select(i => i.ToString()));
        answer.Reasons.AddRange(order.Reasons);
        return answer;
    }
}

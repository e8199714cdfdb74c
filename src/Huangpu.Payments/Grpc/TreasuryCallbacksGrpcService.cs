using Huangpu.Contracts;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Payments.V1;

namespace Huangpu.Payments.Grpc;

/// <summary>
/// The treasury's confirmations (partner bureau <c>treasury</c> only). A confirmation is applied once: the same
/// one again answers the same and changes nothing; one whose amount or payee differs from the instruction is
/// refused and changes nothing.
/// </summary>
[Authorize(Roles = PlatformRoles.PartnerBureau)]
public sealed class TreasuryCallbacksGrpcService(PaymentsDbContext db, PaymentBook book, IdempotencyGate idempotency, PolicyCalendar calendar) : Proto.TreasuryCallbacks.TreasuryCallbacksBase
{
    private const string InstructionType = "huangpu.treasury.v1.Instruction";

    public override async Task<Proto.ConfirmResponse> Confirm(Proto.ConfirmRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Bureau() != PartnerBureaus.Treasury)
        {
            throw RpcErrors.PermissionDenied("NOT_OWN_FEED", "Only the treasury confirms payments.", "仅国库可确认拨付结果。");
        }

        var problems = new List<FieldProblem>();
        var instructionId = Guid.TryParse(request.InstructionId, out var parsed) ? parsed : Guid.Empty;
        if (instructionId == Guid.Empty)
        {
            problems.Add(new FieldProblem("instructionId", "The instruction's id, as the platform sent it.", "须为平台发出的支付指令编号。"));
        }

        TreasuryOutcome? outcome = request.Outcome switch
        {
            "SETTLED" => TreasuryOutcome.Settled,
            "REJECTED" => TreasuryOutcome.Rejected,
            _ => null,
        };
        if (outcome is null)
        {
            problems.Add(new FieldProblem("outcome", "SETTLED or REJECTED.", "须为 SETTLED 或 REJECTED。"));
        }

        if (request.AmountFen <= 0)
        {
            problems.Add(new FieldProblem("amountFen", "The amount of the instruction, in fen.", "须为指令金额（分）。"));
        }

        if (outcome == TreasuryOutcome.Settled && request.TreasuryReference.Trim().Length is 0 or > 64)
        {
            problems.Add(new FieldProblem("treasuryReference", "The treasury's reference of the payment (at most 64 characters).", "须为国库支付凭证号（不超过 64 个字符）。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await idempotency.RunAsync(context, "payments.Confirm", request, string.Empty, async ct =>
        {
            var instruction = await db.TreasuryInstructions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instructionId, ct)
                ?? throw RpcErrors.NotFound(InstructionType, request.InstructionId, $"No instruction {request.InstructionId} was sent.", $"平台未发出支付指令 {request.InstructionId}。");
            if (!instruction.Matches(request.AmountFen, request.PayeeUscc.Trim()))
            {
                throw RpcErrors.FailedPrecondition(
                    "CONFIRMATION_MISMATCH",
                    $"{InstructionType}/{request.InstructionId}",
                    $"The confirmation does not match the instruction (amount {AmountText.English(instruction.AmountFen)} to {instruction.PayeeUscc}); nothing was recorded.",
                    $"确认内容与指令不符（指令金额 {AmountText.Chinese(instruction.AmountFen)}，收款人 {instruction.PayeeUscc}），未作记录。");
            }

            var answer = new TreasuryAnswer(instructionId, outcome!.Value, request.AmountFen, request.PayeeUscc.Trim(), request.TreasuryReference.Trim(), request.SettledAt?.ToDateTimeOffset(), request.Reason.Trim());
            var order = await book.ApplyAsync(answer, new PaymentActor(user.SubjectOrAnonymous(), user.RoleOrNone()), calendar.Now(), ct)
                ?? throw RpcErrors.NotFound(InstructionType, request.InstructionId, $"No instruction {request.InstructionId} was sent.", $"平台未发出支付指令 {request.InstructionId}。");
            return new Proto.ConfirmResponse { PaymentId = order.Id.ToString(), Status = (Proto.PaymentStatus)(int)order.Status };
        });
    }
}

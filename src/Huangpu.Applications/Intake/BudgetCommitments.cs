using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Grpc.Payments.V1;

namespace Huangpu.Applications.Intake;

/// <summary>An award to commit against the year's budget before joint review records its approval.</summary>
public sealed record AwardCommitment(Guid ApplicationId, string PolicyId, string ItemCode, string GroupCode, string OrganizationUscc, long AmountFen, int Year);

/// <summary>Payments' budget, as joint review asks it.</summary>
public interface IBudgetCommitments
{
    /// <summary>
    /// Commits the award, or throws: FailedPrecondition naming the shortfall (nothing is committed), Unavailable
    /// when Payments cannot be asked (nothing is approved).
    /// </summary>
    Task CommitAsync(AwardCommitment award, CancellationToken cancellationToken);

    /// <summary>The year's budget as finance set it, or null when there is none; Unavailable when Payments cannot be asked.</summary>
    Task<YearBudget?> BudgetOfAsync(int year, CancellationToken cancellationToken);
}

/// <summary>A year's appropriation (overall and per measure group) and what has been disbursed from it.</summary>
public sealed record YearBudget(int Year, long AppropriationFen, long DisbursedFen, IReadOnlyDictionary<string, long> GroupAppropriationFen);

/// <summary>Asks Payments over gRPC on the service's own account, idempotent per application.</summary>
public sealed class PaymentsCommitmentClient(PaymentsService.PaymentsServiceClient payments, ServiceCredentials credentials) : IBudgetCommitments
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task CommitAsync(AwardCommitment award, CancellationToken cancellationToken)
    {
        try
        {
            await payments.CommitAwardAsync(
                new CommitAwardRequest
                {
                    ApplicationId = award.ApplicationId.ToString(),
                    PolicyId = award.PolicyId,
                    ItemCode = award.ItemCode,
                    GroupCode = award.GroupCode,
                    OrganizationUscc = award.OrganizationUscc,
                    AmountFen = award.AmountFen,
                    Year = award.Year,
                },
                credentials.Headers(),
                deadline: DateTime.UtcNow + Deadline,
                cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (IsUnavailable(ex))
        {
            throw RpcErrors.Unavailable(
                "PAYMENTS_UNAVAILABLE",
                "The budget could not be asked whether it covers the award; nothing was approved. Try again shortly.",
                "暂时无法核对预算，未作核准，请稍后重试。");
        }
    }

    public async Task<YearBudget?> BudgetOfAsync(int year, CancellationToken cancellationToken)
    {
        try
        {
            var budget = await payments.GetBudgetAsync(new GetBudgetRequest { Year = year }, credentials.Headers(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return new YearBudget(budget.Year, budget.AppropriationFen, budget.DisbursedFen, budget.Groups.ToDictionary(g => g.GroupCode, g => g.AppropriationFen, StringComparer.Ordinal));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException ex) when (IsUnavailable(ex))
        {
            throw RpcErrors.Unavailable("PAYMENTS_UNAVAILABLE", "The budget could not be read. Try again shortly.", "暂时无法读取预算，请稍后重试。");
        }
    }

    private static bool IsUnavailable(RpcException ex) => ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown;
}

using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.Payments.Disbursement;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Huangpu.Payments.Ledger;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Payments.V1;

namespace Huangpu.Payments.Grpc;

/// <summary>
/// Budgets, the ledger and commitments (this file); payment orders and reconciliation; receivables. Only finance
/// changes anything; auditors and compliance officers read everything; an applicant reads its own payments.
/// </summary>
[Authorize]
public sealed partial class PaymentsGrpcService(PaymentsDbContext db, BudgetLedger ledger, PaymentBook book, PaymentDispatchSignal dispatchSignal, Reconciler reconciler, IdempotencyGate idempotency, PolicyCalendar calendar) : Proto.PaymentsService.PaymentsServiceBase
{
    private const string Readers = $"{PlatformRoles.Finance},{PlatformRoles.Auditor},{PlatformRoles.ComplianceOfficer}";
    private const string BudgetType = "huangpu.payments.v1.Budget";

    [Authorize(Roles = PlatformRoles.Finance)]
    public override async Task<Proto.Budget> SetBudget(Proto.SetBudgetRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        Year(request.Year, problems);
        if (request.AppropriationFen < 0)
        {
            problems.Add(new FieldProblem("appropriationFen", "An amount in fen, not negative.", "预算金额（分）不得为负数。"));
        }

        var groups = new List<GroupAppropriation>();
        for (var i = 0; i < request.Groups.Count; i++)
        {
            var group = request.Groups[i];
            var code = group.GroupCode.Trim();
            if (code.Length is 0 or > 10 || groups.Any(g => g.GroupCode == code))
            {
                problems.Add(new FieldProblem($"groups[{i}].groupCode", "A measure group's code, once.", "须为措施组编号，且不重复。"));
            }

            if (group.AppropriationFen < 0)
            {
                problems.Add(new FieldProblem($"groups[{i}].appropriationFen", "An amount in fen, not negative.", "金额（分）不得为负数。"));
            }

            groups.Add(new GroupAppropriation(code, group.AppropriationFen));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var user = context.GetHttpContext().User;
        return await idempotency.RunAsync(context, "payments.SetBudget", request, request.RequestId, async ct =>
        {
            await ledger.LockYearAsync(request.Year, ct);
            var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Year == request.Year, ct);
            if (budget is null)
            {
                budget = Budget.For(request.Year);
                db.Budgets.Add(budget);
            }

            var use = await ledger.UseAsync(request.Year, ct);
            var now = calendar.Now();
            var change = Refused(() => budget.Set(request.AppropriationFen, groups, use, now), request.Year);
            if (change != 0)
            {
                var memo = $"{request.Year} 年度预算调整 / appropriation set by {user.SubjectOrAnonymous()}";
                ledger.Post(change > 0
                    ? LedgerEntry.Move(PostingKind.Budget, LedgerAccount.Appropriation, LedgerAccount.Available, change, new PostingDimensions(request.Year), memo, now)
                    : LedgerEntry.Move(PostingKind.Budget, LedgerAccount.Available, LedgerAccount.Appropriation, -change, new PostingDimensions(request.Year), memo, now));
            }

            await db.SaveChangesAsync(ct);
            return ToProto(budget, await ledger.UseAsync(request.Year, ct));
        });
    }

    // The service role: Applications publishes the year's appropriation beside the award statistics.
    [Authorize(Roles = $"{Readers},{PlatformRoles.Service}")]
    public override async Task<Proto.Budget> GetBudget(Proto.GetBudgetRequest request, ServerCallContext context)
    {
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Year == request.Year, context.CancellationToken)
            ?? throw RpcErrors.NotFound(BudgetType, request.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), $"No budget for {request.Year}.", $"没有 {request.Year} 年度预算。");
        return ToProto(budget, await ledger.UseAsync(request.Year, context.CancellationToken));
    }

    [Authorize(Roles = Readers)]
    public override async Task<Proto.LedgerBalances> GetLedgerBalances(Proto.GetLedgerBalancesRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        Year(request.Year, problems);
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Year == request.Year)
            .GroupBy(e => new { e.Account, e.GroupCode, e.ItemCode, e.OrganizationUscc })
            .Select(g => new { g.Key.Account, g.Key.GroupCode, g.Key.ItemCode, g.Key.OrganizationUscc, Credit = g.Sum(e => e.CreditFen), Debit = g.Sum(e => e.DebitFen) })
            .ToListAsync(context.CancellationToken);
        var answer = new Proto.LedgerBalances { Year = request.Year, ImbalanceFen = rows.Sum(r => r.Debit - r.Credit) };
        IEnumerable<Proto.Balance> By<TKey>(Func<(LedgerAccount Account, string Group, string Item, string Uscc), TKey> key, Func<TKey, Proto.Balance> shape)
            where TKey : notnull =>
            rows.GroupBy(r => key((r.Account, r.GroupCode, r.ItemCode, r.OrganizationUscc)))
                .Select(g =>
                {
                    var balance = shape(g.Key);
                    balance.BalanceFen = g.Sum(r => r.Credit - r.Debit);
                    return balance;
                })
                .OrderBy(b => b.Account, StringComparer.Ordinal).ThenBy(b => b.GroupCode, StringComparer.Ordinal).ThenBy(b => b.ItemCode, StringComparer.Ordinal).ThenBy(b => b.OrganizationUscc, StringComparer.Ordinal);
        answer.ByAccount.AddRange(By(k => k.Account, a => new Proto.Balance { Account = Name(a) }));
        answer.ByGroup.AddRange(By(k => (k.Account, k.Group), k => new Proto.Balance { Account = Name(k.Account), GroupCode = k.Group }));
        answer.ByItem.AddRange(By(k => (k.Account, k.Item), k => new Proto.Balance { Account = Name(k.Account), ItemCode = k.Item }));
        answer.ByOrganization.AddRange(By(k => (k.Account, k.Uscc), k => new Proto.Balance { Account = Name(k.Account), OrganizationUscc = k.Uscc }));
        return answer;
    }

    [Authorize(Roles = Readers)]
    public override async Task<Proto.ListLedgerEntriesResponse> ListLedgerEntries(Proto.ListLedgerEntriesRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterInt64(request.PageToken);
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.Sequence > after);
        if (request.ApplicationId.Length > 0)
        {
            var id = Guid.TryParse(request.ApplicationId, out var parsed) ? parsed : throw RpcErrors.InvalidArgument("applicationId", "An application id.", "须为申请编号。");
            query = query.Where(e => e.ApplicationId == id);
        }

        if (request.Year != 0)
        {
            query = query.Where(e => e.Year == request.Year);
        }

        var page = await query.OrderBy(e => e.Sequence).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, e => Paging.Token(e.Sequence));
        var answer = new Proto.ListLedgerEntriesResponse { NextPageToken = next };
        answer.Entries.AddRange(items.Select(e => new Proto.LedgerEntry
        {
            Sequence = e.Sequence,
            TransactionId = e.TransactionId.ToString(),
            Account = Name(e.Account),
            DebitFen = e.DebitFen,
            CreditFen = e.CreditFen,
            Year = e.Year,
            GroupCode = e.GroupCode,
            ItemCode = e.ItemCode,
            OrganizationUscc = e.OrganizationUscc,
            ApplicationId = e.ApplicationId?.ToString() ?? string.Empty,
            Kind = Name(e.Kind),
            Memo = e.Memo,
            PostedAt = Timestamp.FromDateTimeOffset(e.PostedAt),
        }));
        return answer;
    }

    [Authorize(Roles = $"{Readers},{PlatformRoles.Applicant}")]
    public override async Task<Proto.ListPaymentsResponse> ListPayments(Proto.ListPaymentsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterGuid(request.PageToken);
        var query = db.PaymentOrders.AsNoTracking();
        if (request.ApplicationId.Length > 0)
        {
            var id = Guid.TryParse(request.ApplicationId, out var parsed) ? parsed : throw RpcErrors.InvalidArgument("applicationId", "An application id.", "须为申请编号。");
            query = query.Where(o => o.ApplicationId == id);
        }

        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        var applicant = user.RoleOrNone() == PlatformRoles.Applicant;
        if (applicant)
        {
            // An applicant reads its own organisation's payments only; another's do not exist for it.
            if (uscc.Length > 0 && uscc != user.OrganizationUscc())
            {
                ApiCall.RefuseAccess(uscc, "another organisation's payments");
                throw RpcErrors.NotFound(PaymentType, uscc, "No payments of that organisation.", "没有该机构的拨付记录。");
            }

            uscc = user.OrganizationUscc()!;
        }

        if (uscc.Length > 0)
        {
            query = query.Where(o => o.OrganizationUscc == uscc);
        }

        if (after is { } last)
        {
            query = query.Where(o => o.Id.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(o => o.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        if (applicant && request.ApplicationId.Length > 0 && page.Count == 0)
        {
            throw RpcErrors.NotFound(PaymentType, request.ApplicationId, "No payment of that application.", "该申请没有拨付记录。");
        }

        var (items, next) = Paging.Page(page, pageSize, o => Paging.Token(o.Id));
        var answer = new Proto.ListPaymentsResponse { NextPageToken = next };
        answer.Payments.AddRange(items.Select(ToProto));
        return answer;
    }

    [Authorize(Roles = PlatformRoles.Service)]
    public override async Task<Proto.Commitment> CommitAward(Proto.CommitAwardRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        Year(request.Year, problems);
        var applicationId = Guid.TryParse(request.ApplicationId, out var id) ? id : Guid.Empty;
        if (applicationId == Guid.Empty)
        {
            problems.Add(new FieldProblem("applicationId", "The application the award is for.", "须为申请编号。"));
        }

        if (request.AmountFen <= 0)
        {
            problems.Add(new FieldProblem("amountFen", "The approved amount, in fen, above zero.", "核定金额（分）须大于零。"));
        }

        if (request.OrganizationUscc.Trim().Length != 18)
        {
            problems.Add(new FieldProblem("organizationUscc", "An 18-character unified social credit code.", "须为 18 位统一社会信用代码。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await idempotency.RunAsync(context, "payments.CommitAward", request, request.RequestId, async ct =>
        {
            await ledger.LockYearAsync(request.Year, ct);
            var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Year == request.Year, ct)
                ?? throw RpcErrors.FailedPrecondition("NO_BUDGET", $"{BudgetType}/{request.Year}", $"No budget is set for {request.Year}; finance sets it first.", $"{request.Year} 年度预算尚未设定，须由财务先行设定。");
            var now = calendar.Now();
            var commitment = await db.Commitments.SingleOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
            if (commitment is { Released: false } && commitment.AmountFen == request.AmountFen && commitment.Year == request.Year)
            {
                return new Proto.Commitment { ApplicationId = request.ApplicationId, Year = request.Year, AmountFen = commitment.AmountFen, AvailableFen = (await ledger.UseAsync(request.Year, ct)).Available };
            }

            if (commitment is { Released: false })
            {
                // Another amount replaces the commitment: the old one is released first, then the new one checked.
                ledger.Post(LedgerEntry.Move(PostingKind.Release, LedgerAccount.Committed, LedgerAccount.Available, commitment.AmountFen, commitment.Dimensions, "承诺调整 / commitment replaced", now));
                await db.SaveChangesAsync(ct);
            }

            var use = await ledger.UseAsync(request.Year, ct);
            Refused(() => budget.RequireCovers(request.AmountFen, request.GroupCode.Trim(), use), request.Year);
            if (commitment is null)
            {
                commitment = Commitment.Create(applicationId, request.Year, request.PolicyId.Trim(), request.GroupCode.Trim(), request.ItemCode.Trim(), request.OrganizationUscc.Trim().ToUpperInvariant(), request.AmountFen, now);
                db.Commitments.Add(commitment);
            }
            else
            {
                commitment.Renew(request.AmountFen, now);
            }

            ledger.Post(LedgerEntry.Move(PostingKind.Commit, LedgerAccount.Available, LedgerAccount.Committed, request.AmountFen, commitment.Dimensions, "联合评审核定 / approved at joint review", now));
            return new Proto.Commitment { ApplicationId = request.ApplicationId, Year = request.Year, AmountFen = request.AmountFen, AvailableFen = use.Available - request.AmountFen };
        });
    }

    private static T Refused<T>(Func<T> step, int year)
    {
        try
        {
            return step();
        }
        catch (BudgetException refused)
        {
            throw RpcErrors.FailedPrecondition(refused.Reason, $"{BudgetType}/{year}", refused.Message, refused.Chinese);
        }
    }

    private static void Refused(Action step, int year) => Refused<bool>(() =>
    {
        step();
        return true;
    }, year);

    private static void Year(int year, List<FieldProblem> problems)
    {
        if (year is < 2000 or > 2100)
        {
            problems.Add(new FieldProblem("year", "A budget year, e.g. 2026.", "须为预算年度，如 2026。"));
        }
    }

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, System.Enum => ContractNames.Of(value);

    private static Proto.Budget ToProto(Budget budget, BudgetUse use)
    {
        var answer = new Proto.Budget
        {
            Year = budget.Year,
            AppropriationFen = budget.AppropriationFen,
            CommittedFen = use.Committed,
            ObligatedFen = use.Obligated,
            DisbursedFen = use.Disbursed,
            AvailableFen = use.Available,
            Version = budget.Version,
        };
        answer.Groups.AddRange(budget.Groups.Select(g => new Proto.GroupBudget
        {
            GroupCode = g.GroupCode,
            AppropriationFen = g.AppropriationFen,
            CommittedFen = use.SpentInGroup(g.GroupCode),
            AvailableFen = g.AppropriationFen - use.SpentInGroup(g.GroupCode),
        }));
        return answer;
    }
}

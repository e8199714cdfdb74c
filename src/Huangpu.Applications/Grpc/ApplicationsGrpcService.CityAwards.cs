using System.Globalization;
using Grpc.Core;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

public sealed partial class ApplicationsGrpcService
{
    private const int MaxCityAwards = 10_000;

    /// <summary>
    /// 免申即享 (14.1): each award is kept (idempotent on its source record id); an eligible Huangpu winner
    /// gets its application created by the platform, waiting for confirmation; an ineligible one is answered
    /// with its failed rules. Each item commits on its own, so one bad item never half-applies another.
    /// </summary>
    [Authorize(Roles = PlatformRoles.PartnerBureau)]
    public override async Task<Proto.SubmitCityAwardsResponse> SubmitCityAwards(Proto.SubmitCityAwardsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Bureau() != PartnerBureaus.CityHr)
        {
            throw RpcErrors.PermissionDenied("NOT_THIS_BUREAUS_FEED", "Only the city HR bureau reports Bole awards.", "伯乐奖获奖名单仅由市人社局报送。");
        }

        if (request.Awards.Count is 0 or > MaxCityAwards)
        {
            throw RpcErrors.InvalidArgument("awards", $"1 to {MaxCityAwards} awards per call.", $"每次报送 1 至 {MaxCityAwards} 条。");
        }

        var response = new Proto.SubmitCityAwardsResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Awards.Count; i++)
        {
            var award = request.Awards[i];
            var result = new Proto.CityAwardResult { Index = i, SourceRecordId = award.SourceRecordId };
            response.Results.Add(result);
            var problems = CityAwardProblems(award);
            if (problems.Count > 0 || !seen.Add(award.SourceRecordId))
            {
                result.Outcome = Proto.CityAwardResult.Types.Outcome.Invalid;
                result.Problems.AddRange(problems.Count > 0 ? problems : ["sourceRecordId: repeated in this batch / 本批次中重复"]);
                continue;
            }

            await ApplyCityAwardAsync(award, result, context.CancellationToken);
        }

        return response;
    }

    private async Task ApplyCityAwardAsync(Proto.CityAward award, Proto.CityAwardResult result, CancellationToken cancellationToken)
    {
        var uscc = award.OrganizationUscc.Trim().ToUpperInvariant();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await checks.LockOrganizationAsync(uscc, cancellationToken);
        var record = await db.CityAwards.SingleOrDefaultAsync(c => c.SourceRecordId == award.SourceRecordId, cancellationToken);
        if (record?.ApplicationId is { } existing)
        {
            result.Outcome = Proto.CityAwardResult.Types.Outcome.AlreadyApplied;
            result.ApplicationId = existing.ToString();
            return;
        }

        var now = calendar.Now();
        if (record is null)
        {
            record = new CityAwardRecord
            {
                SourceRecordId = award.SourceRecordId,
                OrganizationUscc = uscc,
                AwardFen = award.AwardFen,
                AwardYear = award.AwardYear,
                DocumentNumber = award.DocumentNumber,
                ReceivedAt = now,
            };
            db.CityAwards.Add(record);
        }

        var (policy, item) = ApplyFreeItem(now);
        var round = policy is null ? null : item!.Rounds.FirstOrDefault(r => r.IsOpenOn(calendar.DateOf(now)));
        if (policy is null || item is null || round is null)
        {
            result.Outcome = Proto.CityAwardResult.Types.Outcome.Invalid;
            result.Problems.Add("No policy in force has an open round for 1:1 matching of city awards today / 今日无可受理伯乐奖配套的政策批次");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        // Unavailable propagates: the whole call fails rather than guessing eligibility.
        var answer = await checks.EligibilityAsync(uscc, calendar.DateOf(now), cancellationToken);
        if (!answer.Eligible)
        {
            // The award is kept (a later resend re-checks), but the winner gets an explanation, not an application.
            result.Outcome = Proto.CityAwardResult.Types.Outcome.NotEligible;
            result.FailedRules.AddRange(answer.Failures.Select(r => new Proto.EligibilityFailure { Code = r.Code, MessageZh = r.MessageZh, MessageEn = r.MessageEn }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var year = int.TryParse(award.AwardYear, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : calendar.DateOf(now).Year;
        var content = new ApplicationContent(
            policy.PolicyId,
            uscc,
            item.Code,
            $"{year} 年度上海市伯乐奖 1:1 配套奖励",
            $"市人社局报送的伯乐奖获奖记录 {award.SourceRecordId}（{award.DocumentNumber}），奖励 {award.AwardFen} 分，按 1:1 配套。",
            new ProjectPeriod(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
            award.AwardFen,
            null,
            []);
        var application = Application.CreateApplyFree(content, round.RoundId, award.AwardFen, award.SourceRecordId, now);
        db.Applications.Add(application);
        record.ApplicationId = application.Id;
        ApplicationEvents.Record(db, application, 0, now);
        ApplicationEvents.EligibilityChecked(db, application, "submit", calendar.DateOf(now), answer, Actor.System, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        result.Outcome = Proto.CityAwardResult.Types.Outcome.ApplicationCreated;
        result.ApplicationId = application.Id.ToString();
    }

    /// <summary>The item in force that matches city awards 1:1 (14.1 of HRS-2024-2).</summary>
    private (Policy? Policy, PolicyItem? Item) ApplyFreeItem(DateTimeOffset now)
    {
        foreach (var policy in catalog.InForceOn(calendar.DateOf(now)))
        {
            if (policy.Items.FirstOrDefault(i => i.AwardRule == AwardRule.Matching1To1) is { } item)
            {
                return (policy, item);
            }
        }

        return (null, null);
    }

    private static List<string> CityAwardProblems(Proto.CityAward award)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(award.SourceRecordId) || award.SourceRecordId.Length > 100)
        {
            problems.Add("sourceRecordId: the bureau's record id, 1 to 100 characters / 须为 1 至 100 个字符的来源记录编号");
        }

        if (award.OrganizationUscc.Trim().Length != 18)
        {
            problems.Add("organizationUscc: an 18-character unified social credit code / 须为 18 位统一社会信用代码");
        }

        if (award.AwardFen <= 0)
        {
            problems.Add("awardFen: the city award in fen, positive / 市级奖励金额（分）须为正数");
        }

        return problems;
    }
}

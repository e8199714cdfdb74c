using Huangpu.Applications.Disclosure;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.Applications.Calendar;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Applications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

/// <summary>Joint review (联合评审), public notice (公示) with its objections, the working-day calendar and the public notice list.</summary>
public sealed partial class ApplicationsGrpcService
{
    private const string NoticeType = "huangpu.applications.v1.Notice";
    private const string ObjectionType = "huangpu.applications.v1.Objection";
    private const string NoticeReaders = $"{PlatformRoles.CaseOfficer},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}";
    private const int MaxNoticeEntries = 500;

    [Authorize(Roles = PlatformRoles.JointReviewer)]
    public override Task<Proto.Application> CastVote(Proto.CastVoteRequest request, ServerCallContext context)
    {
        var approve = Decision(request.Decision, "decision");
        if (request.AmountFen < 0 || (approve && request.AmountFen == 0))
        {
            throw RpcErrors.InvalidArgument("amountFen", "An approving vote names the amount (fen, above zero).", "同意票须填写金额（分，大于零）。");
        }

        return ActAsync("vote", request, request.ApplicationId, 0, request.RequestId, context, (application, actor, now, _) =>
        {
            application.JointReview.Vote(new JointVote(actor.Subject, approve, request.AmountFen, request.Reason.Trim(), Text(request.Dissent), now));
            return Task.CompletedTask;
        });
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> DecideJointReview(Proto.DecideJointReviewRequest request, ServerCallContext context)
    {
        var approve = Decision(request.Decision, "decision");
        if (request.ApprovedAmountFen < 0)
        {
            throw RpcErrors.InvalidArgument("approvedAmountFen", "An amount in fen, not negative.", "核定金额（分）不得为负数。");
        }

        return ActAsync("decide", request, request.ApplicationId, request.ExpectedVersion, request.RequestId, context, async (application, actor, now, ct) =>
        {
            if (application.Status != ApplicationStatus.InJointReview)
            {
                application.Lifecycle.Approve(actor, now, string.Empty); // refused, naming the current state
            }

            // Approval re-checks eligibility on the day: an organisation that lost it is held, with the rules.
            var answer = await checks.EligibilityAsync(application.OrganizationUscc, calendar.DateOf(now), ct);
            ApplicationEvents.EligibilityChecked(db, application, "joint-review", calendar.DateOf(now), answer, actor, now);
            if (!answer.Eligible)
            {
                var rules = string.Join("; ", answer.FailureTexts);
                application.Lifecycle.Hold(Actor.System, now, $"联合评审前资格复核未通过 / not eligible at joint review: {rules}");
                return;
            }

            application.JointReview.RequireDecidable(jointReviewOptions.CurrentValue);
            var reason = Text(request.Reason);
            if (!approve)
            {
                application.JointReview.Decide(new JointDecision(false, 0, reason, null, actor.Subject, now));
                application.Lifecycle.Decline(actor, now, reason ?? string.Empty);
                ApplicationEvents.Declined(db, application, reason!, actor, now);
                return;
            }

            var item = catalog.Find(application.PolicyId)?.Item(application.ItemCode)
                ?? throw new InvalidOperationException($"Application {application.Id} names an item the catalog no longer has.");
            var regulation = Text(request.Regulation);
            var amount = JointReview.DecideAmount(
                new AwardTerms(item.AwardRule, item.CapFen, application.RequestedAmountFen, application.CityAwardFen),
                application.JointReview.RecommendedAmountFen,
                request.ApprovedAmountFen,
                reason,
                regulation);
            // Payments commits the amount against the year's budget first: an approval that would overdraw it is
            // refused naming the shortfall (FailedPrecondition), and nothing is approved.
            var group = catalog.Find(application.PolicyId)!.GroupOf(item.Code)!.Code;
            await budget.CommitAsync(new AwardCommitment(application.Id, application.PolicyId, item.Code, group, application.OrganizationUscc, amount, calendar.DateOf(now).Year), ct);
            application.Approve(new JointDecision(true, amount, reason, regulation, actor.Subject, now), actor);
            db.AddIntegrationEvent(new ApplicationApproved
            {
                ApplicationId = application.Id,
                OrganizationUscc = application.OrganizationUscc,
                PolicyId = application.PolicyId,
                ItemCode = application.ItemCode,
                AmountFen = amount,
                Reason = reason,
                Regulation = regulation,
                OccurredAt = now,
                Actor = actor.Subject,
                ActorRole = actor.Role,
            });
        });
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Notice> PublishNotice(Proto.PublishNoticeRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var actor = ActorOf(user);
        var now = calendar.Now();
        var policy = checks.ResolvePolicy(request.PolicyId.Trim(), now);
        var problems = new List<FieldProblem>();
        var ids = new List<Guid>();
        for (var i = 0; i < request.ApplicationIds.Count; i++)
        {
            if (Guid.TryParse(request.ApplicationIds[i], out var id) && !ids.Contains(id))
            {
                ids.Add(id);
            }
            else
            {
                problems.Add(new FieldProblem($"applicationIds[{i}]", "A distinct application id.", "须为不重复的申请编号。"));
            }
        }

        if (request.ApplicationIds.Count is 0 or > MaxNoticeEntries)
        {
            problems.Add(new FieldProblem("applicationIds", $"One to {MaxNoticeEntries} approved applications.", $"须列明 1 至 {MaxNoticeEntries} 个已核准的申请。"));
        }

        var startsOn = DateOnly.TryParseExact(request.StartsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null;
        var today = calendar.DateOf(now);
        if (startsOn is null)
        {
            problems.Add(new FieldProblem("startsOn", "The notice's first day, YYYY-MM-DD.", "须填写公示首日（YYYY-MM-DD）。"));
        }
        else if (startsOn < today)
        {
            problems.Add(new FieldProblem("startsOn", $"A notice starts today ({ApplicationMapping.Day(today)}) or later.", $"公示首日不得早于今日（{ApplicationMapping.Day(today)}）。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var days = noticeOptions.CurrentValue.WorkingDays;
        var endsOn = WorkingDayOrRefusal(() => workingDays.AddWorkingDays(startsOn!.Value, days), "startsOn");

        return await Write(() => idempotency.RunAsync(context, "applications.PublishNotice", request, request.RequestId, async ct =>
        {
            var applications = await db.Applications
                .FromSql($"SELECT * FROM applications WHERE id = ANY({ids.ToArray()}) ORDER BY id FOR UPDATE")
                .ToListAsync(ct);
            var missing = ids.Except(applications.Select(a => a.Id)).ToList();
            if (missing.Count > 0)
            {
                throw RpcErrors.NotFound(ApplicationMapping.ResourceType, missing[0].ToString(), $"No application '{missing[0]}'.", $"没有申请“{missing[0]}”。");
            }

            if (applications.FirstOrDefault(a => a.Status != ApplicationStatus.Approved || a.PolicyId != policy.PolicyId) is { } unfit)
            {
                throw RpcErrors.FailedPrecondition(
                    "NOT_APPROVED",
                    $"{ApplicationMapping.ResourceType}/{unfit.Id}",
                    $"Application {unfit.Id} is not an approved application of {policy.PolicyId} (APPLICATION_STATUS_{unfit.Status.ContractName()}).",
                    $"申请 {unfit.Id} 不是 {policy.PolicyId} 下已核准的申请（APPLICATION_STATUS_{unfit.Status.ContractName()}）。");
            }

            var notice = Notice.Publish(policy.PolicyId, startsOn!.Value, endsOn, days, noticeOptions.CurrentValue.HowToObject, policy.Contact, actor.Subject, now);
            foreach (var application in applications)
            {
                var name = await names.NameOfAsync(application.OrganizationUscc, ct) ?? application.OrganizationUscc;
                var item = policy.Item(application.ItemCode)!;
                notice.Entries.Add(NoticeEntry.For(notice.Id, application.Id, application.OrganizationUscc, name, item.Code, item.Title, application.ApprovedAmountFen!.Value));
                var steps = application.Lifecycle.History.Count;
                application.Lifecycle.PublishNotice(actor, now, $"公示 {ApplicationMapping.Day(notice.StartsOn)} 至 {ApplicationMapping.Day(notice.EndsOn)} / notice {notice.Id}");
                ApplicationEvents.Record(db, application, steps, now);
            }

            db.Notices.Add(notice);
            db.AddIntegrationEvent(new NoticePublished
            {
                NoticeId = notice.Id,
                PolicyId = notice.PolicyId,
                StartsOn = notice.StartsOn,
                EndsOn = notice.EndsOn,
                ApplicationIds = [.. notice.Entries.Select(e => e.ApplicationId)],
                OccurredAt = now,
                Actor = actor.Subject,
                ActorRole = actor.Role,
            });
            return ToProto(notice);
        }));
    }

    [Authorize(Roles = NoticeReaders)]
    public override async Task<Proto.Notice> GetNotice(Proto.GetNoticeRequest request, ServerCallContext context) =>
        ToProto(await FindNoticeAsync(request.NoticeId, context.CancellationToken));

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Objection> FileObjection(Proto.FileObjectionRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var actor = ActorOf(user);
        var problems = new List<FieldProblem>();
        var applicationId = Guid.TryParse(request.ApplicationId, out var id) ? id : Guid.Empty;
        if (applicationId == Guid.Empty)
        {
            problems.Add(new FieldProblem("applicationId", "The application the objection is about.", "须注明异议所针对的申请。"));
        }

        var objectorName = request.Objector?.Name.Trim() ?? string.Empty;
        if (objectorName.Length is 0 or > 200)
        {
            problems.Add(new FieldProblem("objector.name", "An objection is made under a real name (or an organisation's name).", "异议须署真实姓名（或单位名称）。"));
        }

        var objectorUscc = request.Objector?.OrganizationUscc.Trim().ToUpperInvariant() ?? string.Empty;
        if (objectorUscc.Length is not (0 or 18))
        {
            problems.Add(new FieldProblem("objector.organizationUscc", "An 18-character unified social credit code.", "须为 18 位统一社会信用代码。"));
        }

        if (string.IsNullOrWhiteSpace(request.Facts) || request.Facts.Length > 4000)
        {
            problems.Add(new FieldProblem("facts", "The facts the objection rests on (at most 4000 characters).", "须写明异议所依据的事实（不超过 4000 字）。"));
        }

        var now = calendar.Now();
        var receivedOn = request.ReceivedOn.Length == 0
            ? calendar.DateOf(now)
            : DateOnly.TryParseExact(request.ReceivedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var received) ? received : default;
        if (receivedOn == default)
        {
            problems.Add(new FieldProblem("receivedOn", "The day the objection was received, YYYY-MM-DD.", "须填写收到异议的日期（YYYY-MM-DD）。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await Write(() => idempotency.RunAsync(context, "applications.FileObjection", request, request.RequestId, async ct =>
        {
            var notice = await FindNoticeAsync(request.NoticeId, ct, tracking: true);
            var entry = notice.Entries.SingleOrDefault(e => e.ApplicationId == applicationId && e.Status is NoticeEntryStatus.InNotice or NoticeEntryStatus.Held)
                ?? throw RpcErrors.FailedPrecondition("NOT_IN_NOTICE", $"{NoticeType}/{notice.Id}", $"Application {applicationId} is not in this notice.", $"申请 {applicationId} 不在本次公示中。");
            Objection objection;
            try
            {
                objection = Objection.Record(notice, applicationId, objectorName, objectorUscc.Length > 0 ? objectorUscc : null, request.Facts.Trim(), receivedOn, actor.Subject, now);
            }
            catch (JointReviewException refused)
            {
                throw Refusal(refused, $"{NoticeType}/{notice.Id}");
            }

            entry.Hold();
            db.Objections.Add(objection);
            db.AddIntegrationEvent(new ObjectionFiled
            {
                ObjectionId = objection.Id,
                NoticeId = notice.Id,
                ApplicationId = applicationId,
                OrganizationUscc = entry.OrganizationUscc,
                ReceivedOn = receivedOn,
                OccurredAt = now,
                Actor = actor.Subject,
                ActorRole = actor.Role,
            });
            return ToProto(objection);
        }));
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Objection> UpholdObjection(Proto.UpholdObjectionRequest request, ServerCallContext context) =>
        ResolveObjectionAsync(request, (request.ObjectionId, request.Reason, request.Outcome, request.RequestId), context, uphold: true);

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Objection> DismissObjection(Proto.DismissObjectionRequest request, ServerCallContext context) =>
        ResolveObjectionAsync(request, (request.ObjectionId, request.Reason, string.Empty, request.RequestId), context, uphold: false);

    [Authorize]
    public override Task<Proto.CalendarYear> GetCalendarYear(Proto.GetCalendarYearRequest request, ServerCallContext context)
    {
        var year = WorkingDayOrRefusal(() => workingDays.Year(request.Year), "year");
        var answer = new Proto.CalendarYear { Year = year.Year, Source = year.Source };
        answer.Holidays.AddRange(year.Holidays.Order().Select(ApplicationMapping.Day));
        answer.MakeUpWorkingDays.AddRange(year.MakeUpWorkingDays.Order().Select(ApplicationMapping.Day));
        return Task.FromResult(answer);
    }

    [Authorize]
    public override Task<Proto.AddWorkingDaysResponse> AddWorkingDays(Proto.AddWorkingDaysRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        if (!DateOnly.TryParseExact(request.From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            problems.Add(new FieldProblem("from", "A date, YYYY-MM-DD.", "须为日期（YYYY-MM-DD）。"));
        }

        if (request.Days is < 1 or > 366)
        {
            problems.Add(new FieldProblem("days", "1 to 366 working days.", "须为 1 至 366 个工作日。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var date = WorkingDayOrRefusal(() => workingDays.AddWorkingDays(from, request.Days), "from");
        return Task.FromResult(new Proto.AddWorkingDaysResponse { Date = ApplicationMapping.Day(date) });
    }

    /// <summary>Public, no token: the policy's notices with their entries, as the public may see them.</summary>
    [AllowAnonymous]
    public override async Task<Proto.ListPublicNoticesResponse> ListPublicNotices(Proto.ListPublicNoticesRequest request, ServerCallContext context)
    {
        var policy = catalog.Find(request.PolicyId.Trim())
            ?? throw RpcErrors.NotFound("huangpu.applications.v1.Policy", request.PolicyId, $"No policy '{request.PolicyId}' in the catalog.", $"政策目录中没有“{request.PolicyId}”。");
        var notices = await db.Notices.AsNoTracking().Include(n => n.Entries)
            .Where(n => n.PolicyId == policy.PolicyId)
            .OrderBy(n => n.StartsOn).ThenBy(n => n.Id)
            .ToListAsync(context.CancellationToken);
        var answer = new Proto.ListPublicNoticesResponse();
        answer.Notices.AddRange(notices.Select(ToProto));
        return answer;
    }

    /// <summary>Public, no token: the policy's final awards as JSON, CSV or XLSX, with no personal information.</summary>
    [AllowAnonymous]
    public override async Task<Google.Api.HttpBody> ExportFinalAwards(Proto.ExportFinalAwardsRequest request, ServerCallContext context)
    {
        var format = request.Format.Trim().ToLowerInvariant();
        if (format is not ("" or "json" or "csv" or "xlsx"))
        {
            throw RpcErrors.InvalidArgument("format", "json (the default), csv or xlsx.", "格式须为 json（默认）、csv 或 xlsx。");
        }

        var policy = catalog.Find(request.PolicyId.Trim())
            ?? throw RpcErrors.NotFound("huangpu.applications.v1.Policy", request.PolicyId, $"No policy '{request.PolicyId}' in the catalog.", $"政策目录中没有“{request.PolicyId}”。");
        var entries = await db.NoticeEntries.AsNoTracking()
            .Where(e => e.Status == NoticeEntryStatus.Final && db.Notices.Any(n => n.Id == e.NoticeId && n.PolicyId == policy.PolicyId))
            .OrderBy(e => e.FinalisedAt).ThenBy(e => e.ApplicationId)
            .ToListAsync(context.CancellationToken);
        var awards = entries.Select(e => new FinalAward(
            e.EntryId,
            e.OrganizationName,
            e.OrganizationUscc,
            e.ItemCode,
            e.ItemTitle,
            e.AmountFen,
            e.FinalisedAt is { } at ? ApplicationMapping.Day(calendar.DateOf(at)) : string.Empty)).ToList();
        var (content, contentType) = FinalAwardList.Render(policy.PolicyId, awards, format, calendar.Now());
        return new Google.Api.HttpBody { ContentType = contentType, Data = Google.Protobuf.ByteString.CopyFrom(content) };
    }

    /// <summary>Public, no token: the policy's final awards counted by group, item and year, beside the caps and the year's appropriation.</summary>
    [AllowAnonymous]
    public override async Task<Proto.AwardStatistics> GetAwardStatistics(Proto.GetAwardStatisticsRequest request, ServerCallContext context)
    {
        if (request.Year != 0 && request.Year is < 2000 or > 2100)
        {
            throw RpcErrors.InvalidArgument("year", "A year from 2000 to 2100, or 0 (the default) for every year.", "年度须为 2000 至 2100，或 0（默认）表示全部年度。");
        }

        var policy = catalog.Find(request.PolicyId.Trim())
            ?? throw RpcErrors.NotFound("huangpu.applications.v1.Policy", request.PolicyId, $"No policy '{request.PolicyId}' in the catalog.", $"政策目录中没有“{request.PolicyId}”。");
        var finals = await db.NoticeEntries.AsNoTracking()
            .Where(e => e.Status == NoticeEntryStatus.Final && e.FinalisedAt != null && db.Notices.Any(n => n.Id == e.NoticeId && n.PolicyId == policy.PolicyId))
            .Select(e => new { e.ItemCode, e.AmountFen, FinalisedAt = e.FinalisedAt!.Value })
            .ToListAsync(context.CancellationToken);
        var yearBudget = request.Year == 0 ? null : await budget.BudgetOfAsync(request.Year, context.CancellationToken);
        var statistics = AwardStatistics.Count(policy, [.. finals.Select(f => new CountedAward(f.ItemCode, f.AmountFen, calendar.DateOf(f.FinalisedAt)))], request.Year, yearBudget);
        return ApplicationMapping.ToProto(statistics, calendar.Now());
    }

    private async Task<Proto.Objection> ResolveObjectionAsync<TRequest>(TRequest request, (string ObjectionId, string Reason, string Outcome, string RequestId) resolution, ServerCallContext context, bool uphold)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var user = context.GetHttpContext().User;
        var actor = ActorOf(user);
        var reason = Text(resolution.Reason) ?? throw RpcErrors.InvalidArgument("reason", "A resolution gives its reason.", "处理异议须说明理由。");
        var decline = uphold && string.Equals(resolution.Outcome.Trim(), "DECLINE", StringComparison.OrdinalIgnoreCase);
        if (uphold && resolution.Outcome.Trim().Length > 0 && !decline && !string.Equals(resolution.Outcome.Trim(), "REVIEW", StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.InvalidArgument("outcome", "REVIEW (back to joint review, the default) or DECLINE.", "须为 REVIEW（退回联合评审，默认）或 DECLINE（不予奖励）。");
        }

        return await Write(() => idempotency.RunAsync(context, uphold ? "applications.UpholdObjection" : "applications.DismissObjection", request, resolution.RequestId, async ct =>
        {
            var objection = (Guid.TryParse(resolution.ObjectionId, out var id) ? await db.Objections.SingleOrDefaultAsync(o => o.Id == id, ct) : null)
                ?? throw RpcErrors.NotFound(ObjectionType, resolution.ObjectionId, $"No objection '{resolution.ObjectionId}'.", $"没有异议“{resolution.ObjectionId}”。");
            var now = calendar.Now();
            try
            {
                objection.Resolve(uphold, reason, actor.Subject, now);
            }
            catch (JointReviewException refused)
            {
                throw Refusal(refused, $"{ObjectionType}/{objection.Id}");
            }

            var entry = await db.NoticeEntries.SingleAsync(e => e.NoticeId == objection.NoticeId && e.ApplicationId == objection.ApplicationId, ct);
            if (uphold)
            {
                var application = await FindVisibleAsync(objection.ApplicationId.ToString(), user, tracking: true, ct);
                var steps = application.Lifecycle.History.Count;
                application.UpholdObjection(actor, now, reason, decline);
                ApplicationEvents.Record(db, application, steps, now);
                entry.Withdraw();
                if (decline)
                {
                    ApplicationEvents.Declined(db, application, reason, actor, now);
                }
            }
            else if (!await db.Objections.AnyAsync(o => o.NoticeId == objection.NoticeId && o.ApplicationId == objection.ApplicationId && o.Id != objection.Id && o.Status == ObjectionStatus.Open, ct))
            {
                entry.Resume();
            }

            db.AddIntegrationEvent(new ObjectionResolved
            {
                ObjectionId = objection.Id,
                ApplicationId = objection.ApplicationId,
                OrganizationUscc = entry.OrganizationUscc,
                Outcome = !uphold ? "DISMISSED" : decline ? "UPHELD_DECLINE" : "UPHELD_REVIEW",
                Reason = reason,
                OccurredAt = now,
                Actor = actor.Subject,
                ActorRole = actor.Role,
            });
            return ToProto(objection);
        }));
    }

    private async Task<Notice> FindNoticeAsync(string noticeId, CancellationToken cancellationToken, bool tracking = false)
    {
        var notFound = RpcErrors.NotFound(NoticeType, noticeId, $"No notice '{noticeId}'.", $"没有公示“{noticeId}”。");
        if (!Guid.TryParse(noticeId, out var id))
        {
            throw notFound;
        }

        var query = tracking ? db.Notices : db.Notices.AsNoTracking();
        return await query.Include(n => n.Entries).SingleOrDefaultAsync(n => n.Id == id, cancellationToken) ?? throw notFound;
    }

    /// <summary>A calendar year without data is refused naming the field that asked for it.</summary>
    private static T WorkingDayOrRefusal<T>(Func<T> compute, string field)
    {
        try
        {
            return compute();
        }
        catch (CalendarYearMissingException missing)
        {
            throw RpcErrors.InvalidArgument(field, $"The working-day calendar has no data for {missing.Year}.", $"工作日历缺少 {missing.Year} 年的数据。");
        }
    }

    private static bool Decision(string value, string field) => value.Trim().ToUpperInvariant() switch
    {
        "APPROVE" => true,
        "DECLINE" => false,
        _ => throw RpcErrors.InvalidArgument(field, "APPROVE or DECLINE.", "须为 APPROVE（同意）或 DECLINE（不同意）。"),
    };

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Proto.Notice ToProto(Notice notice)
    {
        var answer = new Proto.Notice
        {
            NoticeId = notice.Id.ToString(),
            PolicyId = notice.PolicyId,
            StartsOn = ApplicationMapping.Day(notice.StartsOn),
            EndsOn = ApplicationMapping.Day(notice.EndsOn),
            WorkingDays = notice.WorkingDays,
            HowToObject = notice.HowToObject,
            Contact = notice.Contact,
            PublishedAt = Timestamp.FromDateTimeOffset(notice.PublishedAt),
        };
        answer.Entries.AddRange(notice.Entries.OrderBy(e => e.OrganizationUscc, StringComparer.Ordinal).ThenBy(e => e.ApplicationId).Select(e => new Proto.NoticeEntry
        {
            ApplicationId = e.ApplicationId.ToString(),
            EntryId = e.EntryId,
            OrganizationUscc = e.OrganizationUscc,
            OrganizationName = e.OrganizationName,
            ItemCode = e.ItemCode,
            ItemTitle = e.ItemTitle,
            AmountFen = e.AmountFen,
            Status = e.Status switch
            {
                NoticeEntryStatus.Held => "HELD",
                NoticeEntryStatus.Final => "FINAL",
                NoticeEntryStatus.Withdrawn => "WITHDRAWN",
                _ => "IN_NOTICE",
            },
        }));
        return answer;
    }

    private static Proto.Objection ToProto(Objection objection) => new()
    {
        ObjectionId = objection.Id.ToString(),
        NoticeId = objection.NoticeId.ToString(),
        ApplicationId = objection.ApplicationId.ToString(),
        Objector = new Proto.Objector { Name = objection.ObjectorName, OrganizationUscc = objection.ObjectorUscc ?? string.Empty },
        Facts = objection.Facts,
        ReceivedOn = ApplicationMapping.Day(objection.ReceivedOn),
        Status = objection.Status.ToString().ToUpperInvariant(),
        RecordedBy = objection.RecordedBy,
        ResolvedBy = objection.ResolvedBy ?? string.Empty,
        Resolution = objection.Resolution ?? string.Empty,
        ResolvedAt = objection.ResolvedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };
}

using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Review;
using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Infrastructure;
using Huangpu.ExpertReview.Panels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Proto = Huangpu.Grpc.ExpertReview.V1;

namespace Huangpu.ExpertReview.Grpc;

/// <summary>
/// The expert pool, the reviews and their scoring, and fair-competition opinions. An expert reaches only the
/// reviews it sits on (others do not exist for it: 404) and the other members' scores only once the round closed.
/// </summary>
[Authorize]
public sealed class ExpertReviewGrpcService(
    ExpertReviewDbContext db,
    IdempotencyGate idempotency,
    PanelService panels,
    RubricCatalog rubrics,
    PolicyCalendar calendar,
    IOptionsMonitor<ScoringOptions> scoring) : Proto.ExpertReviewService.ExpertReviewServiceBase
{
    private const string ReviewType = "huangpu.expertreview.v1.Review";
    private const string ExpertType = "huangpu.expertreview.v1.Expert";
    private const string Readers = $"{PlatformRoles.CaseOfficer},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor}";

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Expert> CreateExpert(Proto.CreateExpertRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var name = request.Name.Trim();
        if (name.Length is 0 or > 100)
        {
            problems.Add(new FieldProblem("name", "The expert's name, 1 to 100 characters.", "专家姓名须为 1 至 100 个字符。"));
        }

        var kind = Kind(request.Kind, problems);
        var employer = Uscc(request.EmployerUscc, "employerUscc", problems, required: true);
        var ties = request.Ties.Select((t, i) => Uscc(t, $"ties[{i}]", problems, required: true)).ToList();
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await idempotency.RunAsync(context, "expertreview.CreateExpert", request, request.RequestId, _ =>
        {
            var expert = Expert.Create(name, kind, employer, ties, request.HasAvailable ? request.Available : true, calendar.Now());
            db.Experts.Add(expert);
            StageTies(expert, context);
            return Task.FromResult(ToProto(expert));
        });
    }

    [Authorize(Roles = Readers)]
    public override async Task<Proto.ListExpertsResponse> ListExperts(Proto.ListExpertsRequest request, ServerCallContext context)
    {
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterGuid(request.PageToken);
        var query = db.Experts.AsNoTracking();
        if (after is { } last)
        {
            query = query.Where(e => e.Id.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(e => e.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, e => Paging.Token(e.Id));
        var response = new Proto.ListExpertsResponse { NextPageToken = next };
        response.Experts.AddRange(items.Select(ToProto));
        return response;
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Expert> UpdateExpert(Proto.UpdateExpertRequest request, ServerCallContext context)
    {
        var problems = new List<FieldProblem>();
        var employer = request.HasEmployerUscc ? Uscc(request.EmployerUscc, "employerUscc", problems, required: true) : null;
        var ties = request.ReplaceTies || request.Ties.Count > 0 ? request.Ties.Select((t, i) => Uscc(t, $"ties[{i}]", problems, required: true)).ToList() : null;
        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await Write(() => idempotency.RunAsync(context, "expertreview.UpdateExpert", request, request.RequestId, async ct =>
        {
            var expert = Guid.TryParse(request.ExpertId, out var id) ? await db.Experts.SingleOrDefaultAsync(e => e.Id == id, ct) : null;
            if (expert is null)
            {
                throw RpcErrors.NotFound(ExpertType, request.ExpertId, $"No expert '{request.ExpertId}'.", $"没有专家“{request.ExpertId}”。");
            }

            if (request.ExpectedVersion != 0 && request.ExpectedVersion != expert.Version)
            {
                throw Stale(expert.Version);
            }

            expert.Change(request.HasAvailable ? request.Available : null, employer, ties);
            if (employer is not null || ties is not null)
            {
                StageTies(expert, context);
            }

            return ToProto(expert);
        }));
    }

    [Authorize(Roles = $"{Readers},{PlatformRoles.Expert}")]
    public override async Task<Proto.Review> GetReview(Proto.GetReviewRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var review = await FindVisibleAsync(request.ApplicationId, user, tracking: false, context.CancellationToken);
        return ToProto(review, user);
    }

    [Authorize(Roles = $"{Readers},{PlatformRoles.Expert}")]
    public override async Task<Proto.ListReviewsResponse> ListReviews(Proto.ListReviewsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterGuid(request.PageToken);
        // An expert's own panels only: a containment test on the members' JSON.
        var query = ExpertOf(user) is { } expertId
            ? db.Reviews.FromSql($"SELECT * FROM reviews WHERE members @> CAST({MemberJson(expertId)} AS jsonb)").AsNoTracking()
            : db.Reviews.AsNoTracking();
        if (request.Status != Proto.ReviewStatus.Unspecified)
        {
            var status = (ReviewStatus)(int)request.Status;
            query = query.Where(r => r.Status == status);
        }

        if (after is { } last)
        {
            query = query.Where(r => r.ApplicationId.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(r => r.ApplicationId).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, r => Paging.Token(r.ApplicationId));
        var response = new Proto.ListReviewsResponse { NextPageToken = next };
        response.Reviews.AddRange(items.Select(r => ToProto(r, user)));
        return response;
    }

    [Authorize(Roles = PlatformRoles.Expert)]
    public override async Task<Proto.Review> SubmitScore(Proto.SubmitScoreRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var problems = new List<FieldProblem>();
        var criteria = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Criteria.Count; i++)
        {
            var c = request.Criteria[i];
            if (c.Score is < 0 or > 100)
            {
                problems.Add(new FieldProblem($"criteria[{i}].score", "A score is 0 to 100.", "评分须为 0 至 100。"));
            }

            if (!criteria.TryAdd(c.Code.Trim(), c.Score))
            {
                problems.Add(new FieldProblem($"criteria[{i}].code", "Each criterion is scored once.", "每项标准只评一次分。"));
            }
        }

        if (request.RecommendedAmountFen < 0)
        {
            problems.Add(new FieldProblem("recommendedAmountFen", "An amount in fen, not negative.", "建议金额（分）不得为负数。"));
        }

        if (request.Comment.Length > 4000)
        {
            problems.Add(new FieldProblem("comment", "At most 4000 characters.", "评审意见不得超过 4000 个字符。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await Write(() => idempotency.RunAsync(context, "expertreview.SubmitScore", request, request.RequestId, async ct =>
        {
            var review = await FindVisibleAsync(request.ApplicationId, user, tracking: true, ct);
            var rubric = RubricOf(review);
            var now = calendar.Now();
            var expertId = ExpertOf(user)!.Value;
            Act(review, () => review.Score(expertId, criteria, request.Comment.Trim(), request.RecommendedAmountFen, rubric, scoring.CurrentValue, now));
            db.AddIntegrationEvent(new ScoreSubmitted
            {
                ApplicationId = review.ApplicationId,
                OrganizationUscc = review.OrganizationUscc,
                ExpertId = expertId.ToString(),
                OccurredAt = now,
                Actor = user.SubjectOrAnonymous(),
                ActorRole = user.RoleOrNone(),
            });
            StageCompletion(review, user, now);
            return ToProto(review, user);
        }));
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Review> RecordConsensus(Proto.RecordConsensusRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var problems = new List<FieldProblem>();
        if (request.PanelScore is < 0 or > 100 || double.IsNaN(request.PanelScore))
        {
            problems.Add(new FieldProblem("panelScore", "The panel's consensus score, 0 to 100.", "合议评分须为 0 至 100。"));
        }

        if (string.IsNullOrWhiteSpace(request.Rationale))
        {
            problems.Add(new FieldProblem("rationale", "Why the panel settled on this score.", "须说明合议理由。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        return await Write(() => idempotency.RunAsync(context, "expertreview.RecordConsensus", request, request.RequestId, async ct =>
        {
            var review = await FindVisibleAsync(request.ApplicationId, user, tracking: true, ct);
            var now = calendar.Now();
            Act(review, () => review.RecordConsensus(Math.Round((decimal)request.PanelScore, 2), request.Rationale.Trim(), user.SubjectOrAnonymous(), scoring.CurrentValue, now));
            StageCompletion(review, user, now);
            return ToProto(review, user);
        }));
    }

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override async Task<Proto.Review> RedrawPanel(Proto.RedrawPanelRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var review = await FindVisibleAsync(request.ApplicationId, user, tracking: false, context.CancellationToken);
        var links = await panels.LinksAsync(review.OrganizationUscc, context.CancellationToken);
        return await Write(() => idempotency.RunAsync(context, "expertreview.RedrawPanel", request, request.RequestId, async ct =>
        {
            var tracked = await FindVisibleAsync(request.ApplicationId, user, tracking: true, ct);
            if (tracked.Status != ReviewStatus.PanelPending)
            {
                throw RpcErrors.FailedPrecondition("PANEL_ALREADY_DRAWN", $"{ReviewType}/{tracked.ApplicationId}", "The panel is drawn already; a drawn panel is not drawn again.", "评审专家已抽取，不再重新抽取。");
            }

            await panels.DrawAsync(tracked, links, seed: null, ct);
            return ToProto(tracked, user);
        }));
    }

    [Authorize(Roles = PlatformRoles.Expert)]
    public override async Task<Proto.FairCompetitionReview> RecordFairCompetitionReview(Proto.RecordFairCompetitionReviewRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var problems = new List<FieldProblem>();
        var ids = new List<Guid>();
        for (var i = 0; i < request.ApplicationIds.Count; i++)
        {
            if (Guid.TryParse(request.ApplicationIds[i], out var id))
            {
                ids.Add(id);
            }
            else
            {
                problems.Add(new FieldProblem($"applicationIds[{i}]", "An application id.", "须为申请编号。"));
            }
        }

        if (request.ApplicationIds.Count is 0 or > 200)
        {
            problems.Add(new FieldProblem("applicationIds", "One to 200 applications.", "须列明 1 至 200 个申请。"));
        }

        var opinion = request.Opinion switch
        {
            Proto.FairCompetitionOpinion.NoObjection => FairCompetitionOpinion.NoObjection,
            Proto.FairCompetitionOpinion.Objection => FairCompetitionOpinion.Objection,
            _ => (FairCompetitionOpinion?)null,
        };
        if (opinion is null)
        {
            problems.Add(new FieldProblem("opinion", "NO_OBJECTION or OBJECTION.", "须为 NO_OBJECTION 或 OBJECTION。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }

        var expertId = ExpertOf(user);
        var adviser = expertId is { } eid ? await db.Experts.AsNoTracking().SingleOrDefaultAsync(e => e.Id == eid, context.CancellationToken) : null;
        if (adviser?.Kind != ExpertKind.FairCompetitionAdviser)
        {
            throw RpcErrors.PermissionDenied("NOT_A_FAIR_COMPETITION_ADVISER", "Only a fair-competition-review adviser of the pool gives this opinion.", "仅专家库中的公平竞争审查顾问可出具该意见。");
        }

        return await idempotency.RunAsync(context, "expertreview.RecordFairCompetitionReview", request, request.RequestId, _ =>
        {
            var now = calendar.Now();
            FairCompetitionReview review;
            try
            {
                review = FairCompetitionReview.Record(ids, opinion!.Value, request.Notes, adviser.Id, now);
            }
            catch (ReviewException refused)
            {
                throw RpcErrors.InvalidArgument("notes", refused.Message, refused.Chinese);
            }

            db.FairCompetitionReviews.Add(review);
            db.AddIntegrationEvent(new FairCompetitionOpinionRecorded
            {
                ReviewId = review.Id,
                ApplicationIds = review.ApplicationIds,
                Opinion = opinion == FairCompetitionOpinion.NoObjection ? "NO_OBJECTION" : "OBJECTION",
                Notes = review.Notes.Length > 0 ? review.Notes : null,
                OccurredAt = now,
                Actor = user.SubjectOrAnonymous(),
                ActorRole = user.RoleOrNone(),
            });
            var answer = new Proto.FairCompetitionReview
            {
                ReviewId = review.Id.ToString(),
                Opinion = request.Opinion,
                Notes = review.Notes,
                AdviserId = adviser.Id.ToString(),
                RecordedAt = Timestamp.FromDateTimeOffset(now),
            };
            answer.ApplicationIds.AddRange(review.ApplicationIds.Select(a => a.ToString()));
            return Task.FromResult(answer);
        });
    }

    /// <summary>The result stands: ReviewCompleted goes out with it.</summary>
    private void StageCompletion(Domain.Review review, ClaimsPrincipal user, DateTimeOffset now)
    {
        if (review.Status != ReviewStatus.Completed)
        {
            return;
        }

        db.AddIntegrationEvent(new ReviewCompleted
        {
            ApplicationId = review.ApplicationId,
            OrganizationUscc = review.OrganizationUscc,
            PanelScore = review.PanelScore!.Value,
            Passed = review.Passed,
            RecommendedAmountFen = review.RecommendedAmountFen,
            ByConsensus = review.Consensus is not null,
            Reasons = review.Reasons,
            OccurredAt = now,
            Actor = user.SubjectOrAnonymous(),
            ActorRole = user.RoleOrNone(),
        });
    }

    /// <summary>The organisations the expert may not review, for Compliance's check of its past scores.</summary>
    private void StageTies(Expert expert, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        db.AddIntegrationEvent(new ExpertTiesChanged
        {
            ExpertId = expert.Id.ToString(),
            EmployerUscc = expert.EmployerUscc,
            Ties = [.. expert.Ties],
            OccurredAt = calendar.Now(),
            Actor = user.SubjectOrAnonymous(),
            ActorRole = user.RoleOrNone(),
        });
    }

    private async Task<Domain.Review> FindVisibleAsync(string applicationId, ClaimsPrincipal user, bool tracking, CancellationToken cancellationToken)
    {
        var notFound = RpcErrors.NotFound(ReviewType, applicationId, $"No review of application '{applicationId}'.", $"没有申请“{applicationId}”的评审。");
        if (!Guid.TryParse(applicationId, out var id))
        {
            throw notFound;
        }

        var query = tracking ? db.Reviews : db.Reviews.AsNoTracking();
        var review = await query.SingleOrDefaultAsync(r => r.ApplicationId == id, cancellationToken) ?? throw notFound;
        // An expert reaches only the reviews it sits on; a recused expert is not on the panel.
        if (user.RoleOrNone() == PlatformRoles.Expert && (ExpertOf(user) is not { } expertId || !review.IsMember(expertId)))
        {
            ApiCall.RefuseAccess(applicationId, "a review the expert does not sit on");
            throw notFound;
        }

        return review;
    }

    private Rubric RubricOf(Domain.Review review) =>
        rubrics.Find(review.PolicyId, review.GroupCode) ?? throw RpcErrors.FailedPrecondition(
            "NO_RUBRIC",
            $"{review.PolicyId}/{review.GroupCode}",
            $"No rubric for group {review.GroupCode} of {review.PolicyId}.",
            $"{review.PolicyId} 第 {review.GroupCode} 组没有评分细则。");

    private static void Act(Domain.Review review, Action step)
    {
        try
        {
            step();
        }
        catch (ReviewException refused) when (refused.Reason == "ALREADY_SCORED")
        {
            throw RpcErrors.AlreadyExists(ReviewType, review.ApplicationId.ToString(), refused.Message, refused.Chinese);
        }
        catch (ReviewException refused)
        {
            throw RpcErrors.FailedPrecondition(refused.Reason, $"{ReviewType}/{review.ApplicationId}", $"{refused.Message} Review status: {review.Status}.", refused.Chinese);
        }
    }

    private static async Task<T> Write<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RpcErrors.Aborted("STALE_VERSION", "The record changed meanwhile; read it again and retry.", "记录已被他人修改，请刷新后重试。");
        }
    }

    private static RpcException Stale(long current) =>
        RpcErrors.Aborted("STALE_VERSION", $"expectedVersion is stale: the expert is at version {current}.", $"expectedVersion 已过期：当前为第 {current} 版。");

    private static string MemberJson(Guid expertId) => $"[{{\"expertId\":\"{expertId}\"}}]";

    /// <summary>The expert's id: its token's subject.</summary>
    private static Guid? ExpertOf(ClaimsPrincipal user) =>
        user.RoleOrNone() == PlatformRoles.Expert && Guid.TryParse(user.SubjectOrAnonymous(), out var id) ? id : null;

    private static ExpertKind Kind(Proto.ExpertKind kind, List<FieldProblem> problems)
    {
        if (kind == Proto.ExpertKind.Unspecified || !System.Enum.IsDefined(kind))
        {
            problems.Add(new FieldProblem("kind", "The expert's kind (EXPERT_KIND_...).", "须填写专家类别。"));
            return default;
        }

        return (ExpertKind)(int)kind;
    }

    private static string Uscc(string value, string field, List<FieldProblem> problems, bool required)
    {
        var uscc = value.Trim().ToUpperInvariant();
        if ((required || uscc.Length > 0) && (uscc.Length != 18 || !uscc.All(c => char.IsAsciiDigit(c) || (char.IsAsciiLetterUpper(c) && "IOSVZ".IndexOf(c, StringComparison.Ordinal) < 0))))
        {
            problems.Add(new FieldProblem(field, "An 18-character unified social credit code.", "须为 18 位统一社会信用代码。"));
        }

        return uscc;
    }

    private static Proto.Expert ToProto(Expert expert)
    {
        var answer = new Proto.Expert
        {
            ExpertId = expert.Id.ToString(),
            Name = expert.Name,
            Kind = (Proto.ExpertKind)(int)expert.Kind,
            EmployerUscc = expert.EmployerUscc,
            Available = expert.Available,
            Version = expert.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(expert.CreatedAt),
        };
        answer.Ties.AddRange(expert.Ties);
        return answer;
    }

    private Proto.Review ToProto(Domain.Review review, ClaimsPrincipal user)
    {
        var answer = new Proto.Review
        {
            ApplicationId = review.ApplicationId.ToString(),
            OrganizationUscc = review.OrganizationUscc,
            PolicyId = review.PolicyId,
            ItemCode = review.ItemCode,
            Status = (Proto.ReviewStatus)(int)review.Status,
            PendingReason = review.PendingReason ?? string.Empty,
            PanelScore = (double)(review.PanelScore ?? 0),
            Passed = review.Passed,
            RecommendedAmountFen = review.RecommendedAmountFen,
            Spread = (double)(review.Spread ?? 0),
            RequestedAmountFen = review.RequestedAmountFen,
            Version = review.Version,
        };
        if (review.Seed is not null)
        {
            var panel = new Proto.Panel { Seed = review.Seed, DrawnAt = review.DrawnAt is { } at ? Timestamp.FromDateTimeOffset(at) : null };
            panel.Members.AddRange(review.Members.Select(m => new Proto.PanelMember
            {
                ExpertId = m.ExpertId.ToString(),
                Kind = (Proto.ExpertKind)(int)m.Kind,
                Scored = review.Scores.Any(s => s.ExpertId == m.ExpertId),
            }));
            panel.Recused.AddRange(review.Recusals.Select(r => new Proto.Recusal { ExpertId = r.ExpertId.ToString(), Reason = r.Reason, ThroughUscc = r.ThroughUscc }));
            answer.Panel = panel;
        }

        if (rubrics.Find(review.PolicyId, review.GroupCode) is { } rubric)
        {
            answer.Rubric = new Proto.Rubric { GroupCode = rubric.GroupCode };
            answer.Rubric.Criteria.AddRange(rubric.Criteria.Select(c => new Proto.RubricCriterion { Code = c.Code, Title = c.Title, Weight = c.Weight, Guidance = c.Guidance }));
        }

        // Before the round closes an expert sees its own score only.
        var self = ExpertOf(user);
        answer.Scores.AddRange(review.Scores.Where(s => review.RoundClosed || self is null || s.ExpertId == self).Select(s =>
        {
            var score = new Proto.Score
            {
                ExpertId = s.ExpertId.ToString(),
                Total = (double)s.Total,
                Comment = s.Comment,
                RecommendedAmountFen = s.RecommendedAmountFen,
                SubmittedAt = Timestamp.FromDateTimeOffset(s.SubmittedAt),
            };
            score.Criteria.AddRange(s.Criteria.Select(c => new Proto.CriterionScore { Code = c.Key, Score = c.Value }));
            return score;
        }));
        if (review.Consensus is { } consensus)
        {
            answer.Consensus = new Proto.Consensus
            {
                PanelScore = (double)consensus.PanelScore,
                Rationale = consensus.Rationale,
                RecordedBy = consensus.RecordedBy,
                RecordedAt = Timestamp.FromDateTimeOffset(consensus.RecordedAt),
            };
        }

        if (!review.RoundClosed && self is not null)
        {
            // Nor the spread or panel score, which would tell it the others' scores.
            answer.Spread = 0;
            answer.PanelScore = 0;
        }

        return answer;
    }
}

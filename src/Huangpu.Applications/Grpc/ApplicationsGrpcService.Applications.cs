using System.Security.Claims;
using Grpc.Core;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts.Applications;
using Huangpu.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Proto = Huangpu.Grpc.Applications.V1;

namespace Huangpu.Applications.Grpc;

public sealed partial class ApplicationsGrpcService
{
    private const string Readers = $"{PlatformRoles.Applicant},{PlatformRoles.CaseOfficer},{PlatformRoles.ComplianceOfficer},{PlatformRoles.Auditor},{PlatformRoles.JointReviewer}";
    private const string ApplicantSide = $"{PlatformRoles.Applicant},{PlatformRoles.CaseOfficer}";

    [Authorize(Roles = ApplicantSide)]
    public override async Task<Proto.Application> SubmitApplication(Proto.SubmitApplicationRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var content = ApplicationMapping.Content(request);
        RequireOwnOrganization(user, content.OrganizationUscc);
        var actor = ActorOf(user);

        return await Write(() => idempotency.RunAsync(context, "applications.SubmitApplication", request, request.RequestId, async ct =>
        {
            var now = calendar.Now();
            // One submission per organisation at a time: the same-project rule reads what the other would write.
            Application application;
            if (request.Draft)
            {
                await checks.LockOrganizationAsync(content.OrganizationUscc, ct);
                var (policy, _) = checks.Resolve(content.PolicyId, content.ItemCode, now);
                application = Application.Create(content with { PolicyId = policy.PolicyId }, string.Empty, draft: true, actor, now);
            }
            else
            {
                var passed = await checks.CheckAsync(content, now, self: null, lockOrganization: true, ct);
                application = Application.Create(content with { PolicyId = passed.Policy.PolicyId }, passed.Round.RoundId, draft: false, actor, now);
                ApplicationEvents.EligibilityChecked(db, application, "submit", calendar.DateOf(now), passed.Eligibility, actor, now);
            }

            db.Applications.Add(application);
            ApplicationEvents.Record(db, application, 0, now);
            return ApplicationMapping.ToProto(application);
        }));
    }

    [Authorize(Roles = Readers)]
    public override async Task<Proto.Application> GetApplication(Proto.GetApplicationRequest request, ServerCallContext context)
    {
        var application = await FindVisibleAsync(request.ApplicationId, context.GetHttpContext().User, tracking: false, context.CancellationToken);
        return ApplicationMapping.ToProto(application);
    }

    [Authorize(Roles = Readers)]
    public override async Task<Proto.ListApplicationsResponse> ListApplications(Proto.ListApplicationsRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var pageSize = Paging.PageSize(request.PageSize);
        var after = Paging.AfterGuid(request.PageToken);

        var query = db.Applications.AsNoTracking();
        var uscc = request.OrganizationUscc.Trim().ToUpperInvariant();
        if (user.RoleOrNone() == PlatformRoles.Applicant)
        {
            // An applicant lists its own organisation's applications only, whatever it asks for.
            var own = user.OrganizationUscc() ?? string.Empty;
            if (uscc.Length > 0 && uscc != own)
            {
                return new Proto.ListApplicationsResponse();
            }

            uscc = own;
        }

        if (uscc.Length > 0)
        {
            query = query.Where(a => a.OrganizationUscc == uscc);
        }

        if (user.RoleOrNone() == PlatformRoles.JointReviewer)
        {
            query = query.Where(a => a.Lifecycle.Status == ApplicationStatus.InJointReview);
        }

        if (ApplicationMapping.FromProto(request.Status) is { } status)
        {
            query = query.Where(a => a.Lifecycle.Status == status);
        }

        if (after is { } last)
        {
            // Version-7 ids grow with creation time: oldest first, keyset paging.
            query = query.Where(a => a.Id.CompareTo(last) > 0);
        }

        var page = await query.OrderBy(a => a.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var (items, next) = Paging.Page(page, pageSize, a => Paging.Token(a.Id));
        var response = new Proto.ListApplicationsResponse { NextPageToken = next };
        response.Applications.AddRange(items.Select(ApplicationMapping.ToProto));
        return response;
    }

    [Authorize(Roles = ApplicantSide)]
    public override Task<Proto.Application> SubmitDraft(Proto.SubmitDraftRequest request, ServerCallContext context) =>
        ActAsync("submit", request, context, async (application, actor, now, ct) =>
        {
            if (application.Status != ApplicationStatus.Draft)
            {
                application.Lifecycle.Submit(actor, now); // refused, naming the current state
            }

            var passed = await checks.CheckAsync(application.Content, now, application.Id, lockOrganization: true, ct);
            application.SubmitDraft(passed.Round.RoundId, actor, now);
            ApplicationEvents.EligibilityChecked(db, application, "submit", calendar.DateOf(now), passed.Eligibility, actor, now);
        });

    [Authorize(Roles = ApplicantSide)]
    public override Task<Proto.Application> WithdrawApplication(Proto.WithdrawApplicationRequest request, ServerCallContext context) =>
        ActAsync("withdraw", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.Withdraw(actor, now, Reason(request));
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.Applicant)]
    public override Task<Proto.Application> ConfirmApplication(Proto.ConfirmApplicationRequest request, ServerCallContext context) =>
        ActAsync("confirm", request, context, (application, actor, now, _) =>
        {
            var problems = new List<FieldProblem>();
            var declaration = request.Declaration is { } signed
                ? ApplicationMapping.Declaration(signed, problems)
                : null;
            if (declaration is null)
            {
                throw problems.Count > 0
                    ? RpcErrors.InvalidArgument(problems)
                    : RpcErrors.InvalidArgument("declaration", "Confirming carries the signed commitment (承诺书).", "确认申请须附签署的承诺书。");
            }

            application.Confirm(declaration, actor, now);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> AcceptApplication(Proto.AcceptApplicationRequest request, ServerCallContext context) =>
        ActAsync("accept", request, context, async (application, actor, now, ct) =>
        {
            if (application.Status == ApplicationStatus.Submitted)
            {
                // 受理 re-checks eligibility on the acceptance date.
                var answer = await checks.RequireEligibleAsync(application.OrganizationUscc, calendar.DateOf(now), ct);
                ApplicationEvents.EligibilityChecked(db, application, "accept", calendar.DateOf(now), answer, actor, now);
            }

            application.Lifecycle.Accept(actor, now, Reason(request));
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> NotAcceptApplication(Proto.NotAcceptApplicationRequest request, ServerCallContext context) =>
        ActAsync("not-accept", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.NotAccept(actor, now, request.Reason);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> RequestSupplement(Proto.RequestSupplementRequest request, ServerCallContext context) =>
        ActAsync("request-supplement", request, context, (application, actor, now, _) =>
        {
            var missing = request.MissingItems.Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
            if (missing.Count == 0)
            {
                throw RpcErrors.InvalidArgument("missingItems", "List everything that is missing, in one request (一次性告知).", "须一次性列明所缺的全部材料。");
            }

            var deadline = request.SupplementDeadline?.ToDateTimeOffset()
                ?? throw RpcErrors.InvalidArgument("supplementDeadline", "A supplement request sets its deadline.", "补正通知须设定截止时间。");
            application.Lifecycle.RequestSupplement(actor, now, missing, deadline, Reason(request));
            return Task.CompletedTask;
        });

    [Authorize(Roles = ApplicantSide)]
    public override Task<Proto.Application> ResubmitApplication(Proto.ResubmitApplicationRequest request, ServerCallContext context) =>
        ActAsync("resubmit", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.Resubmit(actor, now);
            return Task.CompletedTask;
        });

    /// <summary>
    /// 初审 passed. An item awarded after comprehensive evaluation goes to the expert panel (ReviewRequested to
    /// ExpertReview); 14.1 (1:1 matching) and 14.3 (per regulation) go straight to joint review.
    /// </summary>
    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> PassPreliminaryReview(Proto.PassPreliminaryReviewRequest request, ServerCallContext context) =>
        ActAsync("pass-preliminary", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.PassPreliminary(actor, now, Reason(request), lifecycleOptions.CurrentValue);
            var policy = catalog.Find(application.PolicyId);
            var item = policy?.Item(application.ItemCode);
            if (policy is null || item is null || !Policy.IsScored(item))
            {
                application.Lifecycle.SkipExpertReview(now, item?.AwardRule == AwardRule.Matching1To1
                    ? "1:1 配套市级奖励，无需专家评分 / 1:1 matching of the city award: no expert scoring"
                    : "按规定核定奖励，无需专家评分 / amount set under the applicable regulation: no expert scoring");
                return Task.CompletedTask;
            }

            db.AddIntegrationEvent(new ReviewRequested
            {
                ApplicationId = application.Id,
                OrganizationUscc = application.OrganizationUscc,
                PolicyId = application.PolicyId,
                ItemCode = application.ItemCode,
                GroupCode = policy.GroupOf(item.Code)!.Code,
                RequestedAmountFen = application.RequestedAmountFen,
                CapFen = item.CapFen ?? application.RequestedAmountFen,
                OccurredAt = now,
                Actor = actor.Subject,
                ActorRole = actor.Role,
            });
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> FailPreliminaryReview(Proto.FailPreliminaryReviewRequest request, ServerCallContext context) =>
        ActAsync("fail-preliminary", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.FailPreliminary(actor, now, request.Reason, lifecycleOptions.CurrentValue);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> HoldApplication(Proto.HoldApplicationRequest request, ServerCallContext context) =>
        ActAsync("hold", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.Hold(actor, now, request.Reason);
            return Task.CompletedTask;
        });

    [Authorize(Roles = PlatformRoles.CaseOfficer)]
    public override Task<Proto.Application> ReleaseApplication(Proto.ReleaseApplicationRequest request, ServerCallContext context) =>
        ActAsync("release", request, context, (application, actor, now, _) =>
        {
            application.Lifecycle.Release(actor, now, Reason(request));
            return Task.CompletedTask;
        });

    /// <summary>
    /// Loads the application (404 unless the caller may see it), checks expectedVersion (409 when stale),
    /// applies the action (FailedPrecondition naming the current state when refused), records one event
    /// per new history step, all in one transaction under the caller's idempotency key.
    /// </summary>
    private Task<Proto.Application> ActAsync<TRequest>(
        string action,
        TRequest request,
        ServerCallContext context,
        Func<Application, Actor, DateTimeOffset, CancellationToken, Task> act)
        where TRequest : Google.Protobuf.IMessage<TRequest>, Proto.IApplicationActionRequest =>
        ActAsync(action, request, request.ApplicationId, request.ExpectedVersion, request.RequestId, context, act);

    /// <inheritdoc cref="ActAsync{TRequest}(string, TRequest, ServerCallContext, Func{Application, Actor, DateTimeOffset, CancellationToken, Task})"/>
    private async Task<Proto.Application> ActAsync<TRequest>(
        string action,
        TRequest request,
        string applicationId,
        long expectedVersion,
        string requestId,
        ServerCallContext context,
        Func<Application, Actor, DateTimeOffset, CancellationToken, Task> act)
        where TRequest : Google.Protobuf.IMessage<TRequest>
    {
        var user = context.GetHttpContext().User;
        var actor = ActorOf(user);
        return await Write(() => idempotency.RunAsync(context, $"applications.{action}", request, requestId, async ct =>
        {
            var application = await FindVisibleAsync(applicationId, user, tracking: true, ct);
            if (expectedVersion != 0 && expectedVersion != application.Version)
            {
                throw StaleVersion(application);
            }

            var steps = application.Lifecycle.History.Count;
            var now = calendar.Now();
            try
            {
                await act(application, actor, now, ct);
            }
            catch (LifecycleException refused)
            {
                throw RpcErrors.FailedPrecondition(
                    refused.Reason,
                    $"{ApplicationMapping.ResourceType}/{application.Id}",
                    $"{refused.Message} Current state: APPLICATION_STATUS_{refused.Current.ContractName()}.",
                    $"{refused.Chinese}当前状态：APPLICATION_STATUS_{refused.Current.ContractName()}。");
            }
            catch (JointReviewException refused)
            {
                throw Refusal(refused, application.Id.ToString());
            }

            ApplicationEvents.Record(db, application, steps, now);
            return ApplicationMapping.ToProto(application);
        }));
    }

    /// <summary>A refused step of joint review or notice: the field at fault (400 naming it), or the precondition.</summary>
    private static RpcException Refusal(JointReviewException refused, string subject) => refused.Field is { } field
        ? RpcErrors.InvalidArgument(field, refused.Message, refused.Chinese)
        : refused.Reason is "ALREADY_VOTED"
            ? RpcErrors.AlreadyExists(ApplicationMapping.ResourceType, subject, refused.Message, refused.Chinese)
            : RpcErrors.FailedPrecondition(refused.Reason, subject, refused.Message, refused.Chinese);

    private async Task<Application> FindVisibleAsync(string id, ClaimsPrincipal user, bool tracking, CancellationToken cancellationToken)
    {
        var notFound = RpcErrors.NotFound(ApplicationMapping.ResourceType, id, $"No application '{id}'.", $"没有申请“{id}”。");
        if (!Guid.TryParse(id, out var applicationId))
        {
            throw notFound;
        }

        // A write locks the row: actions on one application (votes above all, which change no version) take turns.
        var application = await (tracking
                ? db.Applications.FromSql($"SELECT * FROM applications WHERE id = {applicationId} FOR UPDATE")
                : db.Applications.AsNoTracking().Where(a => a.Id == applicationId))
            .SingleOrDefaultAsync(cancellationToken) ?? throw notFound;
        // Another organisation's application does not exist for an applicant; nor, for a joint reviewer, one not in joint review.
        return user.RoleOrNone() switch
        {
            PlatformRoles.Applicant when application.OrganizationUscc != user.OrganizationUscc() => throw Refused(notFound, id, "another organisation's application"),
            PlatformRoles.JointReviewer when application.Status != ApplicationStatus.InJointReview => throw notFound,
            _ => application,
        };
    }

    /// <summary>The not-found answer of something outside the caller's reach, noted for the audit trail.</summary>
    private static RpcException Refused(RpcException notFound, string subject, string reason)
    {
        ApiCall.RefuseAccess(subject, reason);
        return notFound;
    }

    private static void RequireOwnOrganization(ClaimsPrincipal user, string uscc)
    {
        if (user.RoleOrNone() == PlatformRoles.Applicant && !string.Equals(uscc, user.OrganizationUscc(), StringComparison.Ordinal))
        {
            ApiCall.RefuseAccess(uscc, "an application for another organisation");
            throw RpcErrors.PermissionDenied(
                "NOT_OWN_ORGANIZATION",
                "An applicant applies for its own organisation only.",
                "申报单位只能为本单位申报。",
                "organizationUscc");
        }
    }

    /// <summary>Concurrent writers of the same application: the one that lost the version race gets 409.</summary>
    private static async Task<T> Write<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RpcErrors.Aborted("STALE_VERSION", "The application changed meanwhile; read it again and retry.", "申请已被他人修改，请刷新后重试。");
        }
    }

    private static RpcException StaleVersion(Application application) => RpcErrors.Aborted(
        "STALE_VERSION",
        $"expectedVersion is stale: the application is at version {application.Version} ({application.Status}).",
        $"expectedVersion 已过期：申请当前为第 {application.Version} 版。");

    private static Actor ActorOf(ClaimsPrincipal user) => new(user.SubjectOrAnonymous(), user.RoleOrNone());

    private static string? Reason(Proto.IApplicationActionRequest request) =>
        string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
}

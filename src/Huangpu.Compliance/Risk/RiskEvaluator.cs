using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Payments;
using Huangpu.Contracts.Registry;
using Huangpu.Contracts.Review;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Risk;

/// <summary>
/// Evaluates the risk rules on the events that can make them fire, once per message (inbox). What a rule must
/// remember between events (awards, listings, submissions, documents, scores, experts' ties) is kept here, so
/// each rule fires whichever order its facts arrive in. An alert is raised once per rule and subject
/// (<see cref="AlertBook"/>): redelivery, or the same facts arriving again, raise nothing new.
/// </summary>
public sealed class RiskEvaluator(ComplianceDbContext db, RiskRules rules, AlertBook alerts, IPolicyTerms policies, PolicyCalendar calendar) :
    IConsumer<ApplicationTransitioned>,
    IConsumer<ApplicationApproved>,
    IConsumer<AwardFinalised>,
    IConsumer<PaymentOrdered>,
    IConsumer<PaymentDisbursed>,
    IConsumer<CreditStatusChanged>,
    IConsumer<ReconciliationDifferenceFound>,
    IConsumer<ScoreSubmitted>,
    IConsumer<ExpertTiesChanged>
{
    /// <summary>The Registry's kind of a serious-dishonesty listing (严重失信).</summary>
    public const string SeriousDishonesty = "SeriousDishonesty";

    private const string Submitted = "SUBMITTED";

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RiskEvaluator>().Endpoint(e => e.Name = EventSubscriptions.Risk.Queue);

    public Task Consume(ConsumeContext<ApplicationTransitioned> context) => OnceAsync(context, async (step, id, ct) =>
    {
        if (step.To != Submitted)
        {
            return;
        }

        var submittedOn = calendar.DateOf(step.OccurredAt);
        var watched = await db.WatchedApplications.FindAsync([step.ApplicationId], ct);
        if (watched is null)
        {
            watched = new WatchedApplication { ApplicationId = step.ApplicationId, OrganizationUscc = step.OrganizationUscc, PolicyId = step.PolicyId, ItemCode = step.ItemCode, SubmittedOn = submittedOn, MessageId = id };
            db.WatchedApplications.Add(watched);
        }

        if (await policies.FindAsync(step.PolicyId, ct) is { } policy && policy.EndedBefore(submittedOn))
        {
            await alerts.RaiseAsync(
                rules[RiskRules.SubmissionAfterPolicyEnd],
                step.ApplicationId.ToString(),
                step.OrganizationUscc,
                step.ApplicationId,
                $"申请 {step.ApplicationId} 于 {submittedOn:yyyy-MM-dd} 提交（{step.Action}），{policy.PolicyId} 已于 {policy.ValidTo:yyyy-MM-dd} 到期",
                [id],
                ct);
        }

        await SharedDocumentsAsync(step, id, ct);
    });

    public Task Consume(ConsumeContext<ApplicationApproved> context) => OnceAsync(context, async (approved, id, ct) =>
    {
        var award = await db.WatchedAwards.FindAsync([approved.ApplicationId], ct);
        if (award is null)
        {
            award = new WatchedAward { ApplicationId = approved.ApplicationId, OrganizationUscc = approved.OrganizationUscc, ApprovedMessageId = id, ApprovedAt = approved.OccurredAt };
            db.WatchedAwards.Add(award);
        }

        // Listed before this approval and still listed: the award is already between approval and payment.
        var listings = await db.WatchedListings.Where(l => l.OrganizationUscc == approved.OrganizationUscc && !l.Removed).ToListAsync(ct);
        foreach (var listing in listings)
        {
            await CreditAfterApprovalAsync(award, listing, ct);
        }

        await AwardWithinPolicyAsync(approved.ApplicationId, approved.OrganizationUscc, approved.PolicyId, approved.ItemCode, approved.AmountFen, "批准", id, ct);
    });

    public Task Consume(ConsumeContext<AwardFinalised> context) => OnceAsync(context, (final, id, ct) =>
        AwardWithinPolicyAsync(final.ApplicationId, final.OrganizationUscc, final.PolicyId, final.ItemCode, final.AmountFen, "公示后确定", id, ct));

    public Task Consume(ConsumeContext<PaymentOrdered> context) => OnceAsync(context, async (ordered, id, ct) =>
    {
        if (await db.WatchedApplications.FindAsync([ordered.ApplicationId], ct) is { } application)
        {
            await AwardWithinPolicyAsync(ordered.ApplicationId, ordered.OrganizationUscc, application.PolicyId, application.ItemCode, ordered.AmountFen, "拨付指令", id, ct);
        }
    });

    public Task Consume(ConsumeContext<PaymentDisbursed> context) => OnceAsync(context, async (paid, _, ct) =>
    {
        if (await db.WatchedAwards.FindAsync([paid.ApplicationId], ct) is { } award)
        {
            award.PaidAt ??= paid.OccurredAt;
        }
    });

    public Task Consume(ConsumeContext<CreditStatusChanged> context) => OnceAsync(context, async (changed, id, ct) =>
    {
        if (changed.Kind != SeriousDishonesty)
        {
            return;
        }

        var listing = await db.WatchedListings.FindAsync([changed.SourceRecordId], ct);
        if (listing is null)
        {
            listing = new WatchedListing { SourceRecordId = changed.SourceRecordId, OrganizationUscc = changed.Uscc, MessageId = id };
            db.WatchedListings.Add(listing);
        }

        listing.Removed = changed.RemovedOn is not null;
        if (listing.Removed)
        {
            return;
        }

        // Every award of the organisation approved and not yet paid.
        var open = await db.WatchedAwards.Where(a => a.OrganizationUscc == changed.Uscc && a.PaidAt == null).ToListAsync(ct);
        foreach (var award in open)
        {
            await CreditAfterApprovalAsync(award, listing, ct);
        }
    });

    public Task Consume(ConsumeContext<ReconciliationDifferenceFound> context) => OnceAsync(context, (difference, id, ct) =>
        alerts.RaiseAsync(
            rules[RiskRules.ReconciliationDifference],
            $"{difference.InstructionId}:{difference.Kind}",
            difference.OrganizationUscc,
            difference.ApplicationId,
            $"{difference.Date:yyyy-MM-dd} 指令 {difference.InstructionId} {difference.Kind}（台账 {difference.LedgerFen} 分，国库 {difference.TreasuryFen} 分）",
            [id],
            ct));

    public Task Consume(ConsumeContext<ScoreSubmitted> context) => OnceAsync(context, async (scored, id, ct) =>
    {
        var score = await db.WatchedScores.FindAsync([scored.ExpertId, scored.ApplicationId], ct);
        if (score is null)
        {
            score = new WatchedScore { ExpertId = scored.ExpertId, ApplicationId = scored.ApplicationId, OrganizationUscc = scored.OrganizationUscc, MessageId = id };
            db.WatchedScores.Add(score);
        }

        if (await db.WatchedExperts.FindAsync([scored.ExpertId], ct) is { } expert && expert.Conflicts.Contains(score.OrganizationUscc))
        {
            await ExpertConflictAsync(expert, score, ct);
        }
    });

    public Task Consume(ConsumeContext<ExpertTiesChanged> context) => OnceAsync(context, async (changed, id, ct) =>
    {
        var expert = await db.WatchedExperts.FindAsync([changed.ExpertId], ct);
        if (expert is null)
        {
            expert = new WatchedExpert { ExpertId = changed.ExpertId };
            db.WatchedExperts.Add(expert);
        }

        expert.Conflicts = [.. changed.Ties.Append(changed.EmployerUscc).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];
        expert.MessageId = id;
        var conflicts = expert.Conflicts;
        var scores = await db.WatchedScores.Where(s => s.ExpertId == changed.ExpertId && conflicts.Contains(s.OrganizationUscc)).ToListAsync(ct);
        foreach (var score in scores)
        {
            await ExpertConflictAsync(expert, score, ct);
        }
    });

    /// <summary>Another organisation's application was submitted with the same project document.</summary>
    private async Task SharedDocumentsAsync(ApplicationTransitioned step, Guid id, CancellationToken cancellationToken)
    {
        var shas = step.ProjectDocumentSha256s.Distinct(StringComparer.Ordinal).ToList();
        if (shas.Count == 0)
        {
            return;
        }

        var known = await db.WatchedDocuments.Where(d => shas.Contains(d.Sha256)).ToListAsync(cancellationToken);
        foreach (var sha in shas.Where(sha => !known.Any(d => d.Sha256 == sha && d.ApplicationId == step.ApplicationId)))
        {
            db.WatchedDocuments.Add(new WatchedDocument { Sha256 = sha, ApplicationId = step.ApplicationId, OrganizationUscc = step.OrganizationUscc, MessageId = id });
        }

        foreach (var group in known.Where(d => d.OrganizationUscc != step.OrganizationUscc).GroupBy(d => d.Sha256))
        {
            var others = group.ToList();
            await alerts.RaiseAsync(
                rules[RiskRules.SharedProjectDocument],
                $"{group.Key}:{step.ApplicationId}",
                step.OrganizationUscc,
                step.ApplicationId,
                $"申请 {step.ApplicationId} 的项目材料 {group.Key} 亦见于 {string.Join("、", others.Select(o => $"{o.OrganizationUscc} 的申请 {o.ApplicationId}"))}",
                [.. others.Select(o => o.MessageId).Append(id).Distinct()],
                cancellationToken);
        }
    }

    /// <summary>Defence in depth: an award above its item's cap, or for an application submitted after its policy ended.</summary>
    private async Task AwardWithinPolicyAsync(Guid applicationId, string uscc, string policyId, string itemCode, long amountFen, string action, Guid id, CancellationToken cancellationToken)
    {
        if (await policies.FindAsync(policyId, cancellationToken) is not { } policy)
        {
            return;
        }

        if (policy.CapOf(itemCode) is { } cap && amountFen > cap)
        {
            await alerts.RaiseAsync(
                rules[RiskRules.AmountAboveCap],
                applicationId.ToString(),
                uscc,
                applicationId,
                $"申请 {applicationId}（{policyId} 第 {itemCode} 项）{action}金额 {amountFen} 分，超过上限 {cap} 分",
                [id],
                cancellationToken);
        }

        if (await db.WatchedApplications.FindAsync([applicationId], cancellationToken) is { } application && policy.EndedBefore(application.SubmittedOn))
        {
            await alerts.RaiseAsync(
                rules[RiskRules.AwardAfterPolicyEnd],
                applicationId.ToString(),
                uscc,
                applicationId,
                $"申请 {applicationId} 于 {application.SubmittedOn:yyyy-MM-dd} 提交，{policyId} 已于 {policy.ValidTo:yyyy-MM-dd} 到期，仍有{action}",
                [application.MessageId, id],
                cancellationToken);
        }
    }

    private Task<bool> CreditAfterApprovalAsync(WatchedAward award, WatchedListing listing, CancellationToken cancellationToken) =>
        alerts.RaiseAsync(
            rules[RiskRules.CreditAfterApproval],
            award.ApplicationId.ToString(),
            award.OrganizationUscc,
            award.ApplicationId,
            $"申请 {award.ApplicationId} 获批未拨付，失信记录 {listing.SourceRecordId}",
            [award.ApprovedMessageId, listing.MessageId],
            cancellationToken);

    private Task<bool> ExpertConflictAsync(WatchedExpert expert, WatchedScore score, CancellationToken cancellationToken) =>
        alerts.RaiseAsync(
            rules[RiskRules.ExpertConflictAfterScoring],
            $"{expert.ExpertId}:{score.ApplicationId}",
            score.OrganizationUscc,
            score.ApplicationId,
            $"专家 {expert.ExpertId} 已评审申请 {score.ApplicationId}，其任职或关联单位包括申报单位 {score.OrganizationUscc}",
            [score.MessageId, expert.MessageId],
            cancellationToken);

    private async Task OnceAsync<T>(ConsumeContext<T> context, Func<T, Guid, CancellationToken, Task> evaluate)
        where T : class
    {
        var id = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be evaluated once.");
        await db.ApplyOnceAsync(id, nameof(RiskEvaluator), calendar.Now(), ct => evaluate(context.Message, id, ct), context.CancellationToken);
    }
}

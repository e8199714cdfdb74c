using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Review;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Applications.Consumers;

/// <summary>
/// Moves applications on ExpertReview's events, once per message (inbox): the panel drawn (IN_EXPERT_REVIEW), the
/// panel's result (IN_JOINT_REVIEW with the recommendation, or DECLINED with the panel's reasons), and the
/// fair-competition adviser's opinion, which joint review's decision needs.
/// </summary>
public sealed partial class ReviewOutcomeConsumer(ApplicationsDbContext db, PolicyCalendar calendar, ILogger<ReviewOutcomeConsumer> logger) :
    IConsumer<PanelDrawn>,
    IConsumer<ReviewCompleted>,
    IConsumer<FairCompetitionOpinionRecorded>
{
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ReviewOutcomeConsumer>().Endpoint(e => e.Name = EventSubscriptions.ReviewOutcomes.Queue);

    public Task Consume(ConsumeContext<PanelDrawn> context) =>
        OnApplicationAsync(context, context.Message.ApplicationId, (application, now) =>
        {
            if (application.Status != ApplicationStatus.PreliminaryPassed)
            {
                LogIgnored(logger, nameof(PanelDrawn), application.Id, application.Status);
                return;
            }

            application.Lifecycle.StartExpertReview(now, $"专家组已抽取（种子 {context.Message.Seed}） / panel of {context.Message.ExpertIds.Count} drawn, seed {context.Message.Seed}");
        });

    public Task Consume(ConsumeContext<ReviewCompleted> context) =>
        OnApplicationAsync(context, context.Message.ApplicationId, (application, now) =>
        {
            var result = context.Message;
            if (application.Status != ApplicationStatus.InExpertReview)
            {
                LogIgnored(logger, nameof(ReviewCompleted), application.Id, application.Status);
                return;
            }

            application.JointReview.RecordPanel(result.PanelScore, result.RecommendedAmountFen);
            if (result.Passed)
            {
                application.Lifecycle.PassExpertReview(now, $"专家评审得分 {result.PanelScore}，建议 {result.RecommendedAmountFen} 分 / panel score {result.PanelScore}, recommended {result.RecommendedAmountFen} fen");
                return;
            }

            var reasons = $"专家评审得分 {result.PanelScore}，低于合格线 / panel score {result.PanelScore}, below the pass mark: {string.Join("; ", result.Reasons)}";
            application.Lifecycle.FailExpertReview(now, reasons);
            ApplicationEvents.Declined(db, application, reasons, Actor.System, now);
        });

    public async Task Consume(ConsumeContext<FairCompetitionOpinionRecorded> context)
    {
        var message = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once.");
        await db.ApplyOnceAsync(messageId, nameof(ReviewOutcomeConsumer), calendar.Now(), async ct =>
        {
            var ids = message.ApplicationIds.ToArray();
            var applications = await db.Applications.FromSql($"SELECT * FROM applications WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToListAsync(ct);
            var opinion = new FairCompetitionOpinion(message.Opinion == "NO_OBJECTION", message.Notes, message.ReviewId, message.OccurredAt);
            foreach (var application in applications)
            {
                application.JointReview.RecordFairCompetition(opinion);
            }
        }, context.CancellationToken);
    }

    /// <summary>One application's step, applied once with its history events, the row locked against concurrent actions.</summary>
    private async Task OnApplicationAsync<T>(ConsumeContext<T> context, Guid applicationId, Action<Application, DateTimeOffset> step)
        where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("An event without a MessageId cannot be applied once.");
        var now = calendar.Now();
        await db.ApplyOnceAsync(messageId, nameof(ReviewOutcomeConsumer), now, async ct =>
        {
            var application = await db.Applications.FromSql($"SELECT * FROM applications WHERE id = {applicationId} FOR UPDATE").SingleOrDefaultAsync(ct);
            if (application is null)
            {
                LogUnknown(logger, typeof(T).Name, applicationId);
                return;
            }

            var steps = application.Lifecycle.History.Count;
            step(application, now);
            ApplicationEvents.Record(db, application, steps, now);
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Event} for application {ApplicationId} ignored: it is {Status}")]
    private static partial void LogIgnored(ILogger logger, string @event, Guid applicationId, ApplicationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Event} names application {ApplicationId}, which does not exist here")]
    private static partial void LogUnknown(ILogger logger, string @event, Guid applicationId);
}

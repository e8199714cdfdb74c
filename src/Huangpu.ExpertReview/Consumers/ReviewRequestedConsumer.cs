using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.ExpertReview.Infrastructure;
using Huangpu.ExpertReview.Panels;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.ExpertReview.Consumers;

/// <summary>
/// An application passed preliminary review under a scored item: its review is opened and the panel drawn, once
/// per message (inbox). The applicant's links are read from the Registry first, outside the transaction.
/// </summary>
public sealed class ReviewRequestedConsumer(ExpertReviewDbContext db, PanelService panels, PolicyCalendar calendar) : IConsumer<ReviewRequested>
{
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ReviewRequestedConsumer>().Endpoint(e => e.Name = EventSubscriptions.ExpertReview.Queue);

    public async Task Consume(ConsumeContext<ReviewRequested> context)
    {
        var message = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A ReviewRequested without a MessageId cannot be applied once.");
        var links = await panels.LinksAsync(message.OrganizationUscc, context.CancellationToken);
        await db.ApplyOnceAsync(messageId, nameof(ReviewRequestedConsumer), calendar.Now(), async ct =>
        {
            if (await db.Reviews.AnyAsync(r => r.ApplicationId == message.ApplicationId, ct))
            {
                return; // requested again under another message id (a resubmission after a hold): one review
            }

            var review = Domain.Review.Request(message.ApplicationId, message.OrganizationUscc, message.PolicyId, message.ItemCode, message.GroupCode, message.RequestedAmountFen, message.CapFen, calendar.Now());
            db.Reviews.Add(review);
            await panels.DrawAsync(review, links, seed: null, ct);
        }, context.CancellationToken);
    }
}

using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Contracts;
using Huangpu.Contracts.Registry;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Applications.Consumers;

/// <summary>
/// A credit record arrived or changed for an organisation: its active applications not yet approved are held
/// (暂停) for a case officer, once per message (inbox). A record already removed on arrival holds nothing.
/// </summary>
public sealed class CreditHoldConsumer(ApplicationsDbContext db, PolicyCalendar calendar) : IConsumer<CreditStatusChanged>
{
    private static readonly ApplicationStatus[] BeforeApproval = [.. ApplicationLifecycle.BeforeApproval];

    /// <summary>On the queue the platform's messaging map gives it.</summary>
    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CreditHoldConsumer>().Endpoint(e => e.Name = EventSubscriptions.CreditHold.Queue);

    public async Task Consume(ConsumeContext<CreditStatusChanged> context)
    {
        var message = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A CreditStatusChanged without a MessageId cannot be applied once.");
        var now = calendar.Now();
        await db.ApplyOnceAsync(messageId, nameof(CreditHoldConsumer), now, async ct =>
        {
            var today = calendar.DateOf(now);
            if (message.RemovedOn is { } removed && removed <= today)
            {
                return;
            }

            var applications = await db.Applications
                .Where(a => a.OrganizationUscc == message.Uscc && BeforeApproval.Contains(a.Lifecycle.Status))
                .ToListAsync(ct);
            var reason = $"信用记录 {message.SourceRecordId}（{message.Kind}，{message.ListedOn:yyyy-MM-dd} 列入），待经办人员核查 / credit record {message.SourceRecordId} ({message.Kind}) listed {message.ListedOn:yyyy-MM-dd}: held for a case officer";
            foreach (var application in applications)
            {
                var steps = application.Lifecycle.History.Count;
                application.Lifecycle.Hold(Actor.System, now, reason);
                ApplicationEvents.Record(db, application, steps, now);
            }
        }, context.CancellationToken);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Outbox;

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stages an integration event in the outbox. It is saved by the same SaveChanges (and transaction)
    /// as the state change that caused it, and published only after that commits.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this PlatformDbContext db, TEvent integrationEvent)
        where TEvent : IntegrationEvent
    {
        var message = new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(integrationEvent.OccurredAt),
            MessageType = typeof(TEvent).FullName!,
            Body = JsonSerializer.Serialize(integrationEvent, SerializerOptions),
            CreatedAt = integrationEvent.OccurredAt,
            TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>Puts every dead-lettered event back in line with its attempts reset (an operator fixed the cause); returns how many.</summary>
    public static async Task<long> ReplayDeadLettersAsync(this PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.OutboxMessages
            .Where(m => m.DeadLetteredAt != null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DeadLetteredAt, (DateTimeOffset?)null).SetProperty(x => x.Attempts, 0), cancellationToken);

    internal static Type ResolveEventType(string messageType) =>
        typeof(IntegrationEvent).Assembly.GetType(messageType, throwOnError: false)
        ?? throw new InvalidOperationException($"Unknown integration event type '{messageType}'.");
}

using Huangpu.Compliance.Consumers;
using Huangpu.Contracts;
using MassTransit;

namespace Huangpu.Compliance.Tests;

/// <summary>The audit consumer handles exactly the events the messaging map delivers to its queue: every one.</summary>
public sealed class AuditSubscriptionTests
{
    [Fact]
    public void The_audit_consumer_handles_every_integration_event_the_map_binds_to_its_queue()
    {
        var handled = typeof(AuditConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0])
            .Select(batch => batch.GetGenericTypeDefinition() == typeof(Batch<>) ? batch.GetGenericArguments()[0] : batch)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        Assert.Equal(EventSubscriptions.Audit.Events, handled);
        Assert.Equal(IntegrationEvents.All, EventSubscriptions.Audit.Events);
    }
}

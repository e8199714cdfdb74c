using Huangpu.Applications.Consumers;
using Huangpu.Contracts;
using MassTransit;

namespace Huangpu.Applications.Tests;

/// <summary>The credit-hold consumer handles exactly the events the messaging map delivers to its queue.</summary>
public sealed class CreditHoldSubscriptionTests
{
    [Fact]
    public void The_credit_hold_consumer_handles_the_events_the_map_binds_to_its_queue()
    {
        var handled = typeof(CreditHoldConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]);
        Assert.Equal(EventSubscriptions.CreditHold.Events, handled);
    }
}

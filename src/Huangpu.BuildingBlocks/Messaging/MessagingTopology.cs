using Huangpu.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;

namespace Huangpu.BuildingBlocks.Messaging;

/// <summary>
/// Declares the platform's whole messaging map (<see cref="EventSubscriptions"/>) on the broker before the bus
/// starts, in the shape MassTransit itself gives it: a fanout exchange per event type ("Namespace:Type"), and per
/// consumer a fanout exchange and a durable queue of the same name, the event exchanges bound to it. Every
/// service does this at start, so whichever starts first on a fresh broker leaves every queue in place, and an
/// event whose consumer has never run yet is kept for it. Declarations are idempotent. With
/// <paramref name="quorumQueues"/> the consumer queues are quorum queues (replicated across a clustered broker), as
/// MassTransit's endpoints then declare them too.
/// </summary>
public sealed partial class MessagingTopology(Uri broker, bool quorumQueues, ILogger<MessagingTopology> logger) : IHostedService
{
    /// <summary>Configuration: declare the consumer queues as quorum queues (production, a clustered broker).</summary>
    public const string QuorumQueuesSetting = "Messaging:QuorumQueues";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The AppHost starts services once the broker accepts connections; a broker still booting gets a minute.
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 60,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(DeclareAsync, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Dictionary<string, object?>? QueueArguments => quorumQueues ? new() { ["x-queue-type"] = "quorum" } : null;

    /// <summary>MassTransit's exchange name for a message type.</summary>
    public static string ExchangeName(Type eventType) => $"{eventType.Namespace}:{eventType.Name}";

    private async ValueTask DeclareAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "huangpu-topology" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var subscription in EventSubscriptions.All)
        {
            await channel.ExchangeDeclareAsync(subscription.Queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(subscription.Queue, durable: true, exclusive: false, autoDelete: false, arguments: QueueArguments, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(subscription.Queue, subscription.Queue, routingKey: string.Empty, cancellationToken: cancellationToken);
            foreach (var eventType in subscription.Events)
            {
                var exchange = ExchangeName(eventType);
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await channel.ExchangeBindAsync(destination: subscription.Queue, source: exchange, routingKey: string.Empty, cancellationToken: cancellationToken);
            }
        }

        LogDeclared(logger, EventSubscriptions.All.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker not ready for the messaging topology (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, int attempt, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging topology declared: {Queues} consumer queues with their event bindings")]
    private static partial void LogDeclared(ILogger logger, int queues);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.BuildingBlocks.Tracing;
using Huangpu.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Huangpu.BuildingBlocks.Outbox;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    /// <summary>Fallback poll when no commit signal arrives (another process, a restart).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirmation before the batch is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Failed publishes after which an event is dead-lettered: it leaves the line (so it cannot hold back the
    /// events behind it for ever), shows in the <c>huangpu.outbox.dead_lettered</c> gauge and the service's
    /// operations route, and is published again only when an operator replays it.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Pause after a failed batch (broker down), so a dead broker is not hammered.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The dispatcher's own connection (a pool of its own): a service whose request pool is exhausted under
    /// overload would otherwise queue event delivery behind every waiting request. Null: the service's context.
    /// </summary>
    public string? ConnectionString { get; set; }
}

/// <summary>
/// Publishes committed outbox rows with publisher confirms and marks them sent. Rows are locked with
/// SKIP LOCKED, so several instances of a service share the work; a row is marked sent only after the
/// broker confirmed it, so a crash in between re-publishes it with the same MessageId (the inbox drops it).
/// </summary>
public sealed partial class OutboxDispatcher<TDb>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService
    where TDb : PlatformDbContext
{
    private static readonly ActivitySource Source = new("Huangpu.Outbox");

    /// <summary>Dead-lettered events of this service, as last counted (the gauge's value).</summary>
    private long _deadLettered;

    /// <summary>Options of the dispatcher's own contexts, built once, when it has a connection of its own.</summary>
    private readonly DbContextOptions<TDb>? _ownConnection = options.Value.ConnectionString is { } connectionString
        ? new DbContextOptionsBuilder<TDb>().UseNpgsql(connectionString).Options
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var meter = new Meter("Huangpu.Outbox");
        meter.CreateObservableGauge("huangpu.outbox.dead_lettered", () => Interlocked.Read(ref _deadLettered), "{event}", "Events whose publishing failed too often; they wait for an operator's replay.");
        var counted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!counted)
                {
                    await CountDeadLettersAsync(stoppingToken);
                    counted = true;
                }

                var (published, failed) = await DispatchBatchAsync(stoppingToken);
                if (failed)
                {
                    await Task.Delay(settings.FailureBackoff, clock, stoppingToken);
                    continue;
                }

                if (published == settings.BatchSize)
                {
                    continue;
                }

                if (published == 0 && Interlocked.Read(ref _deadLettered) > 0)
                {
                    // Idle with dead letters on record: an operator may have replayed them since.
                    await CountDeadLettersAsync(stoppingToken);
                }

                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDispatchFailed(logger, ex);
                await Task.Delay(settings.FailureBackoff, clock, stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many were published and whether any publish failed.</summary>
    internal async Task<(int Published, bool Failed)> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        await using var own = OwnContext(scope.ServiceProvider);
        var db = own ?? scope.ServiceProvider.GetRequiredService<TDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND dead_lettered_at IS NULL ORDER BY sequence LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return (0, false);
        }

        using var activity = Source.StartActivity("outbox dispatch");
        activity?.SetTag("outbox.batch_size", batch.Count);
        var results = await Task.WhenAll(batch.Select(m => PublishAsync(m, settings.PublishTimeout, cancellationToken)));
        var now = clock.GetUtcNow();
        var sent = new List<long>(batch.Count);
        var deadLettered = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is null)
            {
                sent.Add(batch[i].Sequence);
            }
            else
            {
                var message = batch[i];
                message.Attempts++;
                message.LastError = results[i]!.Length > 2000 ? results[i]![..2000] : results[i];
                if (message.Attempts >= settings.MaxAttempts)
                {
                    message.DeadLetteredAt = now;
                    deadLettered++;
                    LogDeadLettered(logger, message.MessageId, message.MessageType, message.Attempts);
                }
            }
        }

        // The confirmed ones in one statement; the failures (rare) keep their attempt count and error.
        await db.OutboxMessages.Where(m => sent.Contains(m.Sequence)).ExecuteUpdateAsync(m => m.SetProperty(x => x.SentAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (deadLettered > 0)
        {
            Interlocked.Add(ref _deadLettered, deadLettered);
        }

        return (sent.Count, sent.Count < batch.Count);
    }

    /// <summary>A context on the dispatcher's own connection, when it has one (the caller disposes it).</summary>
    private TDb? OwnContext(IServiceProvider services) =>
        _ownConnection is { } ownConnection ? ActivatorUtilities.CreateInstance<TDb>(services, ownConnection) : null;

    /// <summary>Counts the dead letters for the gauge (at start; replays reset the rows, and the next dispatch sees them).</summary>
    internal async Task CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var own = OwnContext(scope.ServiceProvider);
        var db = own ?? scope.ServiceProvider.GetRequiredService<TDb>();
        Interlocked.Exchange(ref _deadLettered, await db.OutboxMessages.LongCountAsync(m => m.DeadLetteredAt != null, cancellationToken));
    }

    private async Task<string?> PublishAsync(OutboxMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var type = OutboxExtensions.ResolveEventType(message.MessageType);
            var body = JsonSerializer.Deserialize(message.Body, type, OutboxExtensions.SerializerOptions)
                ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty body.");
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            // In the trace of the request that staged it, linked to the dispatch that sent it: MassTransit's send
            // span is a child of this one and carries the context to every consumer.
            using var publishing = StartPublishing(message, body);
            await bus.Publish(body, type, context => context.MessageId = message.MessageId, timeoutSource.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, message.MessageId, message.MessageType, ex);
            return ex.Message;
        }
    }

    private static Activity? StartPublishing(OutboxMessage message, object body)
    {
        if (!ActivityContext.TryParse(message.TraceParent, null, out var staged))
        {
            return null; // staged outside any trace (a job, a migration): MassTransit's own span is enough
        }

        var dispatch = Activity.Current;
        var publishing = Source.StartActivity(
            $"outbox publish {message.MessageType[(message.MessageType.LastIndexOf('.') + 1)..]}",
            ActivityKind.Internal,
            staged,
            links: dispatch is null ? null : [new ActivityLink(dispatch.Context)]);
        publishing?.SetTag("messaging.message.id", message.MessageId.ToString());
        if (body is IntegrationEvent integrationEvent)
        {
            SubjectTags.Tag(publishing, integrationEvent.AuditSubjects);
        }

        return publishing;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({MessageType}) dead-lettered after {Attempts} failed publishes; replay it through the operations route once the cause is fixed")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string messageType, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox dispatch failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} ({MessageType}) failed; it stays queued")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, Exception exception);
}

using System.Diagnostics;
using System.Text.Json;
using Huangpu.BuildingBlocks.Persistence;
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
    private static readonly ActivitySource Activity = new("Huangpu.Outbox");

    /// <summary>Options of the dispatcher's own contexts, built once, when it has a connection of its own.</summary>
    private readonly DbContextOptions<TDb>? _ownConnection = options.Value.ConnectionString is { } connectionString
        ? new DbContextOptionsBuilder<TDb>().UseNpgsql(connectionString).Options
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
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
        await using var own = _ownConnection is { } ownConnection ? ActivatorUtilities.CreateInstance<TDb>(scope.ServiceProvider, ownConnection) : null;
        var db = own ?? scope.ServiceProvider.GetRequiredService<TDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY sequence LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return (0, false);
        }

        using var activity = Activity.StartActivity("outbox dispatch");
        activity?.SetTag("outbox.batch_size", batch.Count);
        var results = await Task.WhenAll(batch.Select(m => PublishAsync(m, settings.PublishTimeout, cancellationToken)));
        var now = clock.GetUtcNow();
        var sent = new List<long>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is null)
            {
                sent.Add(batch[i].Sequence);
            }
            else
            {
                batch[i].Attempts++;
                batch[i].LastError = results[i]!.Length > 2000 ? results[i]![..2000] : results[i];
            }
        }

        // The confirmed ones in one statement; the failures (rare) keep their attempt count and error.
        await db.OutboxMessages.Where(m => sent.Contains(m.Sequence)).ExecuteUpdateAsync(m => m.SetProperty(x => x.SentAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (sent.Count, sent.Count < batch.Count);
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
            await bus.Publish(body, type, context => context.MessageId = message.MessageId, timeoutSource.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, message.MessageId, message.MessageType, ex);
            return ex.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox dispatch failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} ({MessageType}) failed; it stays queued")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, Exception exception);
}

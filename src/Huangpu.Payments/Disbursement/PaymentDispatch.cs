using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Payments.Domain;
using Huangpu.Payments.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Huangpu.Payments.Disbursement;

public sealed class DisbursementOptions
{
    /// <summary>How often the job looks for work when the last round found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Orders taken per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Orders sent at once.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>An instruction without an answer this long is looked up at the treasury (longer than the instruct deadline).</summary>
    public TimeSpan StatusAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An accepted instruction without a confirmation this long is looked up at the treasury.</summary>
    public TimeSpan ConfirmationWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Sends pending payment orders: each organisation's eligibility is checked with the Registry on the payment date
/// just before its order goes out (not eligible: held with the rules); the instruction is written before it is
/// sent, so an answer that never comes leaves an order whose outcome is asked of the treasury (status), never
/// sent again blindly.
/// </summary>
public sealed partial class PaymentDispatch(
    IServiceScopeFactory scopes,
    IEligibilityClient eligibility,
    ITreasury treasury,
    PolicyCalendar calendar,
    IOptions<DisbursementOptions> options,
    ILogger<PaymentDispatch> logger)
{
    /// <summary>One round of pending orders; the number of orders moved.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, string Uscc)> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            pending = [.. (await db.PaymentOrders.AsNoTracking()
                .Where(o => o.Status == PaymentStatus.Pending)
                .OrderBy(o => o.Id)
                .Take(options.Value.BatchSize)
                .Select(o => new { o.Id, o.OrganizationUscc })
                .ToListAsync(cancellationToken)).Select(o => (o.Id, o.OrganizationUscc))];
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        // Eligibility on the payment date, once per organisation of the round. The Registry unreachable: nothing
        // is sent (never a silent pass); the round is tried again.
        var today = calendar.Today();
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, EligibilityAnswer>(StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(pending.Select(p => p.Uscc).Distinct(StringComparer.Ordinal), Concurrently(cancellationToken), async (uscc, ct) =>
                answers[uscc] = await eligibility.CheckAsync(uscc, today, ct));
        }
        catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.Unavailable)
        {
            LogRegistryUnavailable(logger, pending.Count);
            return 0;
        }

        // One transaction holds the ineligible and writes every instruction (committed before any goes out);
        // the instructions go out concurrently; one transaction applies the answers.
        var (moved, instructions) = await InTransactionAsync<(int, IReadOnlyList<TreasuryInstruction>)>(async (book, ct) =>
        {
            var orders = await book.LockPendingAsync([.. pending.Select(p => p.Id)], ct);
            var now = calendar.Now();
            var eligible = new List<PaymentOrder>();
            foreach (var order in orders)
            {
                var answer = answers[order.OrganizationUscc];
                if (answer.Eligible)
                {
                    eligible.Add(order);
                }
                else
                {
                    book.Hold(order, answer.FailureTexts, now);
                }
            }

            return (orders.Count, await book.SendAsync(eligible, now, ct));
        }, cancellationToken);

        var replies = new System.Collections.Concurrent.ConcurrentBag<TreasuryAnswer>();
        await Parallel.ForEachAsync(instructions, Concurrently(cancellationToken), async (instruction, ct) =>
        {
            // No answer: the order stays UNKNOWN and the treasury's status settles it later.
            if (await treasury.InstructAsync(instruction, ct) is { } reply)
            {
                replies.Add(reply);
            }
        });
        if (!replies.IsEmpty)
        {
            await InTransactionAsync((book, ct) => book.ApplyAsync([.. replies], PaymentActor.System, calendar.Now(), ct), cancellationToken);
        }

        return moved;
    }

    /// <summary>Orders whose instruction got no answer, or no confirmation in time: the treasury's status settles them.</summary>
    public async Task<int> ResolveOutstandingAsync(CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        List<Guid> outstanding;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            var unanswered = now - options.Value.StatusAfter;
            var unconfirmed = now - options.Value.ConfirmationWait;
            outstanding = await db.PaymentOrders.AsNoTracking()
                .Where(o => (o.Status == PaymentStatus.Unknown && o.SentAt < unanswered) || (o.Status == PaymentStatus.Sent && o.SentAt < unconfirmed))
                .OrderBy(o => o.SentAt)
                .Take(options.Value.BatchSize)
                .Select(o => o.InstructionId!.Value)
                .ToListAsync(cancellationToken);
        }

        var moved = 0;
        await Parallel.ForEachAsync(outstanding, Concurrently(cancellationToken), async (instructionId, ct) =>
        {
            TreasuryAnswer? status;
            try
            {
                status = await treasury.StatusAsync(instructionId, ct);
            }
            catch (TreasuryUnavailableException ex)
            {
                LogStatusUnavailable(logger, instructionId, ex.Message);
                return;
            }

            if (await InTransactionAsync((book, token) => ResolveAsync(book, instructionId, status, token), ct))
            {
                Interlocked.Increment(ref moved);
            }
        });
        return moved;
    }

    private async Task<bool> ResolveAsync(PaymentBook book, Guid instructionId, TreasuryAnswer? status, CancellationToken cancellationToken)
    {
        if (status is not null)
        {
            return (await book.ApplyAsync(status, PaymentActor.System, calendar.Now(), cancellationToken))?.Status is not (PaymentStatus.Unknown or PaymentStatus.Sent);
        }

        // The treasury never received it: the order may go out again, under the same key.
        var order = await book.LockByInstructionAsync(instructionId, cancellationToken);
        if (order is not { Status: PaymentStatus.Unknown } || order.InstructionId != instructionId)
        {
            return false;
        }

        order.Unsent(calendar.Now());
        return true;
    }

    private async Task<T> InTransactionAsync<T>(Func<PaymentBook, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(scope.ServiceProvider.GetRequiredService<PaymentBook>(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Registry could not be asked: {Count} pending payment orders wait for the next round")]
    private static partial void LogRegistryUnavailable(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The treasury's status of instruction {InstructionId} could not be read: {Reason}")]
    private static partial void LogStatusUnavailable(ILogger logger, Guid instructionId, string reason);
}

/// <summary>
/// Wakes the dispatch at once when this process raised or released an order; other instances (and anything
/// missed) are found by the job's interval.
/// </summary>
public sealed class PaymentDispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _work = new(0, 1);

    public void Dispose() => _work.Dispose();

    public void Notify()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the next round takes everything pending.
        }
    }

    /// <summary>Waits for a signal or the interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => _work.WaitAsync(interval, cancellationToken);
}

/// <summary>Runs the dispatch when signalled or on its interval: pending orders out, outstanding ones looked up.</summary>
public sealed partial class PaymentDispatchJob(PaymentDispatch dispatch, PaymentDispatchSignal signal, IOptions<DisbursementOptions> options, ILogger<PaymentDispatchJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var moved = 0;
            try
            {
                moved += await dispatch.SendPendingAsync(stoppingToken);
                moved += await dispatch.ResolveOutstandingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }

            if (moved == 0)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A payment dispatch round failed; the next one tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex);
}

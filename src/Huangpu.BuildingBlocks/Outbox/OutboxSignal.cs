using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Huangpu.BuildingBlocks.Outbox;

/// <summary>Wakes the dispatcher when a transaction commits, so events leave without waiting for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up covers every commit before it.
            }
        }
    }

    public void Dispose() => _semaphore.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}

/// <summary>Signals the outbox after every commit and every auto-committed SaveChanges.</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }

        return ValueTask.FromResult(result);
    }
}

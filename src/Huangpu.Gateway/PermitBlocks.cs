using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Huangpu.Gateway;

/// <summary>
/// Takes a client's permits from the shared limiter (Redis, for every replica) a block at a time and hands them out
/// locally, so a busy client and route cost one round trip per block rather than per call. The shared count is
/// never exceeded — a permit is taken there before it is used — and a block lives only until the shared window
/// ends; what a replica holds unused when the window ends is forgone (under one block per replica, client and
/// route). Small allowances take blocks of one: they are counted call by call, exactly.
/// </summary>
internal sealed class PermitBlocks<TKey>(PartitionedRateLimiter<TKey> shared, TimeSpan window, TimeProvider clock)
    where TKey : notnull
{
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<TKey, Block> _blocks = new();
    private long _lastSweep;

    /// <summary>A fiftieth of the allowance, at least one and at most a hundred calls.</summary>
    public static int BlockFor(int permits) => Math.Clamp(permits / 50, 1, 100);

    /// <summary>One call's permit: allowed, or refused with how long until the shared window ends.</summary>
    public async ValueTask<(bool Allowed, TimeSpan? RetryAfter)> TakeAsync(TKey key, int permits, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        var block = _blocks.GetOrAdd(key, static _ => new Block());
        if (block.TryTake(now))
        {
            return (true, null);
        }

        var size = BlockFor(permits);
        var lease = await shared.AcquireAsync(key, size, cancellationToken);
        if (!lease.IsAcquired && size > 1)
        {
            // Fewer left than a block: the rest one at a time.
            lease.Dispose();
            size = 1;
            lease = await shared.AcquireAsync(key, 1, cancellationToken);
        }

        using (lease)
        {
            var retryAfter = RetryAfterOf(lease);
            if (!lease.IsAcquired)
            {
                return (false, retryAfter);
            }

            if (size > 1)
            {
                var lifetime = retryAfter is { } left && left < window ? left : window;
                block.Add(size - 1, now + (long)(lifetime.TotalSeconds * clock.TimestampFrequency), now);
                Forget(now);
            }

            return (true, null);
        }
    }

    /// <summary>When the shared window ends, as the limiter says: a TimeSpan (in-memory limiters) or whole seconds (Redis).</summary>
    private static TimeSpan? RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var raw)
            ? raw switch
            {
                TimeSpan wait => wait,
                int seconds => TimeSpan.FromSeconds(seconds),
                long seconds => TimeSpan.FromSeconds(seconds),
                _ => null,
            }
            : null;

    /// <summary>
    /// Bounded memory: past <see cref="MaxTracked"/> keys, the ones whose block has ended are dropped, in one sweep a
    /// window at most (many live clients must not make every block's fetch walk them all).
    /// </summary>
    private void Forget(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (_blocks.Count <= MaxTracked || now - last < (long)(window.TotalSeconds * clock.TimestampFrequency)
            || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, block) in _blocks)
        {
            if (block.HasEnded(now))
            {
                _blocks.TryRemove(key, out _);
            }
        }
    }

    private sealed class Block
    {
        private readonly Lock _gate = new();
        private int _remaining;
        private long _endsAt;

        public bool TryTake(long now)
        {
            lock (_gate)
            {
                if (_remaining <= 0 || now >= _endsAt)
                {
                    return false;
                }

                _remaining--;
                return true;
            }
        }

        public void Add(int permits, long endsAt, long now)
        {
            lock (_gate)
            {
                _remaining = now >= _endsAt ? permits : _remaining + permits;
                _endsAt = endsAt;
            }
        }

        public bool HasEnded(long now)
        {
            lock (_gate)
            {
                return now >= _endsAt;
            }
        }
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.Gateway.Tests;

/// <summary>Permits taken from a shared limiter a block at a time: never more than the shared allowance, across replicas.</summary>
public sealed class PermitBlocksTests : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new();
    private readonly PartitionedRateLimiter<string> _shared = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = 500, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));

    [Fact]
    public async Task One_replica_serves_exactly_the_allowance_then_refuses_with_when_to_return()
    {
        var replica = new PermitBlocks<string>(_shared, Window, _clock);
        var allowed = 0;
        (bool Allowed, TimeSpan? RetryAfter) last = default;
        for (var i = 0; i < 600; i++)
        {
            last = await replica.TakeAsync("client|route", 500, CancellationToken.None);
            allowed += last.Allowed ? 1 : 0;
        }

        Assert.Equal(500, allowed);
        Assert.False(last.Allowed);
        Assert.NotNull(last.RetryAfter);
    }

    [Fact]
    public async Task Two_replicas_together_never_pass_the_shared_allowance_and_forgo_less_than_a_block_each()
    {
        var replicas = new[] { new PermitBlocks<string>(_shared, Window, _clock), new PermitBlocks<string>(_shared, Window, _clock) };
        var allowed = 0;
        for (var i = 0; i < 1000; i++)
        {
            allowed += (await replicas[i % 2].TakeAsync("client|route", 500, CancellationToken.None)).Allowed ? 1 : 0;
        }

        Assert.InRange(allowed, 500 - (2 * (PermitBlocks<string>.BlockFor(500) - 1)), 500);
    }

    [Fact]
    public async Task A_block_ends_with_the_window_and_a_small_allowance_is_counted_call_by_call()
    {
        Assert.Equal(1, PermitBlocks<string>.BlockFor(6));
        Assert.Equal(10, PermitBlocks<string>.BlockFor(500));
        Assert.Equal(100, PermitBlocks<string>.BlockFor(2_000_000_000));

        var replica = new PermitBlocks<string>(_shared, Window, _clock);
        Assert.True((await replica.TakeAsync("a", 500, CancellationToken.None)).Allowed); // takes a block of 10 from the shared count
        _clock.Advance(Window);
        // The held block has ended: the next call goes back to the shared limiter for a new block.
        Assert.True((await replica.TakeAsync("a", 500, CancellationToken.None)).Allowed);
        Assert.Equal(480, _shared.GetStatistics("a")!.CurrentAvailablePermits);
    }

    public void Dispose() => _shared.Dispose();
}

using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

/// <summary>Closed-loop load: a number of callers, each making its next call as soon as the last one answered.</summary>
internal static class ClosedLoop
{
    /// <summary>
    /// Runs <paramref name="concurrency"/> callers for <paramref name="seconds"/>: each answered call's latency (in
    /// Stopwatch ticks), how long the run took, and how many calls ended in an RpcException instead.
    /// </summary>
    public static async Task<(LongHistogram Latency, double Seconds, long Errors)> RunAsync(Func<Task> call, int concurrency, double seconds)
    {
        var started = Stopwatch.GetTimestamp();
        var stop = started + (long)(seconds * Stopwatch.Frequency);
        long errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var local = new LongHistogram(TimeStamp.Minutes(1), 3);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                    local.RecordValue(Stopwatch.GetTimestamp() - t0);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return local;
        })).ToList();
        var locals = await Task.WhenAll(workers);
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        foreach (var local in locals)
        {
            latency.Add(local);
        }

        return (latency, (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency, errors);
    }
}

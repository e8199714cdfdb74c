using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HdrHistogram;
using Huangpu.Grpc.Registry.V1;

/// <summary>
/// CheckEligibility throughput and latency on cache hits and misses, directly against the Registry and
/// through the gateway, each beside an empty gRPC handler measured in the same run with the same client.
/// Closed loop: <c>concurrency</c> callers on one HTTP/2 connection per target, for <c>seconds</c> each.
/// </summary>
internal static class EligibilityBench
{

    public static async Task<int> RunAsync(Uri rest, Uri gatewayGrpc, Uri registry, Uri empty, int seconds, int concurrency, int warmUpSeconds)
    {
        using var http = new HttpClient { BaseAddress = rest };
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench");
        var headers = new Metadata { { "authorization", $"Bearer {officer}" } };

        // A population of eligible organisations: hits ask one of them for one date, misses walk new (organisation, date) pairs.
        var usccs = await BenchData.RegisterEligibleAsync(http, officer, 200);

        var rows = new List<string>();
        var emptyResult = await MeasureAsync(warmUpSeconds, empty, seconds, concurrency, async (channel, _) =>
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()));
        rows.Add(Row("baseline: empty gRPC handler (h2c, same client)", emptyResult, emptyResult));

        foreach (var (name, target) in new[] { ("direct to Registry", registry), ("through the gateway", gatewayGrpc) })
        {
            var hit = await MeasureAsync(warmUpSeconds, target, seconds, concurrency, async (channel, i) =>
                await new RegistryService.RegistryServiceClient(channel).CheckEligibilityAsync(
                    new CheckEligibilityRequest { Uscc = usccs[i % 8], AsOf = "2026-06-01" }, headers));
            rows.Add(Row($"CheckEligibility, cache hit, {name}", hit, emptyResult));

            var day = name.Length; // a different date range per target, so the second target misses too
            var miss = await MeasureAsync(warmUpSeconds, target, seconds, concurrency, async (channel, i) =>
                await new RegistryService.RegistryServiceClient(channel).CheckEligibilityAsync(
                    new CheckEligibilityRequest
                    {
                        Uscc = usccs[i % usccs.Count],
                        AsOf = new DateOnly(2000 + day, 1, 1).AddDays(i / usccs.Count).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    },
                    headers));
            rows.Add(Row($"CheckEligibility, cache miss, {name}", miss, emptyResult));
        }

        Console.WriteLine($"Closed loop, {concurrency} concurrent callers, {seconds} s per row after {warmUpSeconds} s of warm-up, one HTTP/2 connection per target:");
        Console.WriteLine();
        Console.WriteLine("| measurement | calls/s | ÷ empty handler | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private sealed record Result(double PerSecond, LongHistogram Latency);

    private static async Task<Result> MeasureAsync(int warmUpSeconds, Uri target, int seconds, int concurrency, Func<GrpcChannel, int, Task> call)
    {
        using var channel = GrpcChannel.ForAddress(target);

        // Warm-up under the same load, not counted: connection set-up, caches and the JIT's tiered
        // recompilation settle first, so every row compares steady states. Its keys are ones the
        // measured loop never reaches.
        await LoadAsync(channel, concurrency, warmUpSeconds, 1_000_000, call);

        var started = Stopwatch.GetTimestamp();
        var histogram = await LoadAsync(channel, concurrency, seconds, 0, call);
        var elapsed = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        return new Result(histogram.TotalCount / elapsed, histogram);
    }

    private static async Task<LongHistogram> LoadAsync(GrpcChannel channel, int concurrency, double seconds, int firstKey, Func<GrpcChannel, int, Task> call)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var next = firstKey - 1;
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var local = new LongHistogram(TimeStamp.Minutes(1), 3);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var i = Interlocked.Increment(ref next);
                var t0 = Stopwatch.GetTimestamp();
                await call(channel, i);
                local.RecordValue(Stopwatch.GetTimestamp() - t0);
            }

            return local;
        })).ToList();
        foreach (var local in await Task.WhenAll(workers))
        {
            histogram.Add(local);
        }

        return histogram;
    }

    private static string Row(string name, Result result, Result baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {result.PerSecond:F0} | {result.PerSecond / baseline.PerSecond:F2} | {Ms(result.Latency, 50):F2} | {Ms(result.Latency, 99):F2} |");

    private static double Ms(LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
}

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
using static Huangpu.Bench.HistogramMilliseconds;

/// <summary>
/// CheckEligibility throughput and latency on cache hits and misses, directly against the Registry and
/// through the gateway, each beside an empty gRPC handler measured in the same run with the same client.
/// Closed loop: <c>concurrency</c> callers on one HTTP/2 connection per target, for <c>seconds</c> per row, taken in
/// slices alternating with the empty handler.
/// </summary>
internal static class EligibilityBench
{
    /// <summary>The measured rows besides the baseline, by name; <c>rows</c> picks some of them (all by default).</summary>
    public static readonly string[] RowNames = ["hit-direct", "miss-direct", "hit-gateway", "miss-gateway"];

    public static async Task<int> RunAsync(Uri rest, Uri gatewayGrpc, Uri registry, Uri empty, int seconds, int concurrency, int warmUpSeconds, IReadOnlySet<string> rows)
    {
        if (rows.Except(RowNames).ToList() is [_, ..] unknown)
        {
            Console.Error.WriteLine($"unknown rows: {string.Join(", ", unknown)} (known: {string.Join(", ", RowNames)})");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = rest };
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench");
        var headers = new Metadata { { "authorization", $"Bearer {officer}" } };

        // A population of eligible organisations: hits ask one of them for one date, misses walk new (organisation, date) pairs.
        var usccs = await BenchData.RegisterEligibleAsync(http, officer, 200);

        var table = new List<string>();
        using var emptyChannel = GrpcChannel.ForAddress(empty);
        var emptyRow = new Measured(emptyChannel, async (channel, _) => await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()));
        await LoadAsync(emptyRow, concurrency, warmUpSeconds, record: false);

        foreach (var (name, key, target) in new[] { ("direct to Registry", "direct", registry), ("through the gateway", "gateway", gatewayGrpc) })
        {
            using var channel = GrpcChannel.ForAddress(target);
            if (rows.Contains($"hit-{key}"))
            {
                var hit = new Measured(channel, async (channel, i) =>
                    await new RegistryService.RegistryServiceClient(channel).CheckEligibilityAsync(
                        new CheckEligibilityRequest { Uscc = usccs[i % 8], AsOf = "2026-06-01" }, headers));
                table.Add(await InterleavedAsync($"CheckEligibility, cache hit, {name}", hit, emptyRow, seconds, concurrency, warmUpSeconds));
            }

            if (rows.Contains($"miss-{key}"))
            {
                var day = name.Length; // a different date range per target, so the second target misses too
                var miss = new Measured(channel, async (channel, i) =>
                    await new RegistryService.RegistryServiceClient(channel).CheckEligibilityAsync(
                        new CheckEligibilityRequest
                        {
                            Uscc = usccs[i % usccs.Count],
                            AsOf = new DateOnly(2000 + day, 1, 1).AddDays(i / usccs.Count).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        },
                        headers));
                table.Add(await InterleavedAsync($"CheckEligibility, cache miss, {name}", miss, emptyRow, seconds, concurrency, warmUpSeconds));
            }
        }

        table.Insert(0, Row("baseline: empty gRPC handler (h2c, same client), all its slices", emptyRow, emptyRow.PerSecond));
        Console.WriteLine($"Closed loop, {concurrency} concurrent callers, one HTTP/2 connection per target. Each row: {warmUpSeconds} s of warm-up, then {Rounds} rounds of");
        Console.WriteLine($"{seconds / (double)Rounds:0.#} s on the row's target and {seconds / (double)Rounds:0.#} s on the empty handler, alternating which goes first; the ratio is to the empty handler's rate in those same slices.");
        Console.WriteLine();
        Console.WriteLine("| measurement | calls/s | empty handler, same slices | ÷ empty handler | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        table.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>Slices per row: the row and the empty handler take turns, so drift in the machine's speed falls on both alike.</summary>
    private const int Rounds = 6;

    /// <summary>One target's calls, and what was recorded of them; the key sequence continues from slice to slice (misses stay misses).</summary>
    private sealed class Measured(GrpcChannel channel, Func<GrpcChannel, int, Task> call)
    {
        public GrpcChannel Channel { get; } = channel;

        public Func<GrpcChannel, int, Task> Call { get; } = call;

        public LongHistogram Latency { get; } = new(TimeStamp.Minutes(1), 3);

        public double Seconds { get; set; }

        /// <summary>The last key handed out; warm-up keys start far above the measured ones, which they never reach.</summary>
        public int NextKey;

        public int WarmUpKey = 1_000_000;

        public double PerSecond => Latency.TotalCount / Seconds;
    }

    /// <summary>The row after its warm-up, in rounds against the empty handler; the row's line of the table.</summary>
    private static async Task<string> InterleavedAsync(string name, Measured row, Measured empty, int seconds, int concurrency, int warmUpSeconds)
    {
        // Warm-up under the same load, not counted: connection set-up, caches and the JIT's tiered
        // recompilation settle first, so every row compares steady states.
        await LoadAsync(row, concurrency, warmUpSeconds, record: false);
        var emptyCalls = empty.Latency.TotalCount;
        var emptySeconds = empty.Seconds;
        var slice = seconds / (double)Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var measured in round % 2 == 0 ? new[] { empty, row } : [row, empty])
            {
                await LoadAsync(measured, concurrency, slice, record: true);
            }
        }

        return Row(name, row, (empty.Latency.TotalCount - emptyCalls) / (empty.Seconds - emptySeconds));
    }

    private static async Task LoadAsync(Measured measured, int concurrency, double seconds, bool record)
    {
        var (latency, elapsed, errors) = await ClosedLoop.RunAsync(
            () => measured.Call(measured.Channel, record ? Interlocked.Increment(ref measured.NextKey) : Interlocked.Increment(ref measured.WarmUpKey)),
            concurrency,
            seconds);
        if (errors > 0)
        {
            throw new InvalidOperationException($"{errors} calls failed: the row would not measure what it names");
        }

        if (record)
        {
            measured.Seconds += elapsed;
            measured.Latency.Add(latency);
        }
    }

    /// <summary>A line of the table: the row's rate beside the empty handler's rate in the same slices.</summary>
    private static string Row(string name, Measured result, double baselineRate) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {result.PerSecond:F0} | {baselineRate:F0} | {result.PerSecond / baselineRate:F2} | {Ms(result.Latency, 50):F2} | {Ms(result.Latency, 99):F2} |");
}

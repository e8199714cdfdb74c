using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using Huangpu.Grpc.Registry.V1;
using static Huangpu.Bench.HistogramMilliseconds;

/// <summary>
/// One call — CheckEligibility answered from the Registry's cache — three ways: direct to the Registry, through the
/// gateway's gRPC port (token checked, rate limit counted in Redis, admission, proxied over HTTP/2), and through
/// nginx as a gRPC reverse proxy (grpc_pass with keepalive over HTTP/2). The targets take turns in short slices so
/// drift in the machine's speed falls on all alike; each rate is set against nginx's in the same slices.
/// </summary>
internal static class GatewayBench
{
    private const int Rounds = 6;

    public static async Task<int> RunAsync(Uri rest, Uri direct, Uri gateway, Uri nginx, int seconds, int concurrency, int warmUpSeconds)
    {
        using var http = new HttpClient { BaseAddress = rest };
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench");
        var headers = new Metadata { { "authorization", $"Bearer {officer}" } };
        var usccs = await BenchData.RegisterEligibleAsync(http, officer, 8);

        var targets = new[] { ("direct to the Registry", direct), ("through the gateway", gateway), ("through nginx", nginx) }
            .Select(t => new Target(t.Item1, GrpcChannel.ForAddress(t.Item2), usccs, headers))
            .ToList();
        foreach (var target in targets)
        {
            await LoadAsync(target, concurrency, warmUpSeconds, record: false);
        }

        var slice = seconds / (double)Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            // Each round a different target goes first.
            foreach (var target in targets.Skip(round % targets.Count).Concat(targets.Take(round % targets.Count)))
            {
                await LoadAsync(target, concurrency, slice, record: true);
            }
        }

        var reference = targets[2];
        Console.WriteLine($"Closed loop, {concurrency} concurrent callers, one HTTP/2 connection per target; {warmUpSeconds} s of warm-up per target,");
        Console.WriteLine($"then {Rounds} rounds of {slice:0.#} s on each target in turn.");
        Console.WriteLine();
        Console.WriteLine("| path | calls/s | ÷ nginx | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var target in targets)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target.Name} | {target.PerSecond:F0} | {target.PerSecond / reference.PerSecond:F2} | {Ms(target.Latency, 50):F2} | {Ms(target.Latency, 99):F2} | {target.Errors} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway ÷ nginx: {targets[1].PerSecond / reference.PerSecond:F2} (throughput), p99 {Ms(targets[1].Latency, 99):F2} ms against {Ms(reference.Latency, 99):F2} ms"));
        foreach (var target in targets)
        {
            target.Channel.Dispose();
        }

        return targets.Sum(t => t.Errors) == 0 ? 0 : 1;
    }

    private sealed class Target(string name, GrpcChannel channel, IReadOnlyList<string> usccs, Metadata headers)
    {
        public string Name { get; } = name;

        public GrpcChannel Channel { get; } = channel;

        public LongHistogram Latency { get; } = new(TimeStamp.Minutes(1), 3);

        public double Seconds { get; set; }

        public long Errors;

        public double PerSecond => Latency.TotalCount / Seconds;

        private readonly RegistryService.RegistryServiceClient _client = new(channel);
        private int _next;

        /// <summary>A cache hit: one of a few eligible organisations, for one date.</summary>
        public async Task CallAsync()
        {
            var i = Interlocked.Increment(ref _next);
            await _client.CheckEligibilityAsync(new CheckEligibilityRequest { Uscc = usccs[i % usccs.Count], AsOf = "2026-06-01" }, headers);
        }
    }

    private static async Task LoadAsync(Target target, int concurrency, double seconds, bool record)
    {
        var (latency, elapsed, errors) = await ClosedLoop.RunAsync(target.CallAsync, concurrency, seconds);
        if (record)
        {
            target.Seconds += elapsed;
            target.Latency.Add(latency);
            Interlocked.Add(ref target.Errors, errors);
        }
    }
}

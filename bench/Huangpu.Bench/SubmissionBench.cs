using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using Huangpu.Bench;
using MassTransit;
using static Huangpu.Bench.HistogramMilliseconds;

/// <summary>
/// Application submissions through the gateway under an open-loop load (requests leave on a fixed schedule
/// whether or not earlier ones have answered; latency is measured from the scheduled instant, so a stall is
/// never hidden), beside a raw MassTransit confirmed publish-and-consume rate on the suite's RabbitMQ,
/// measured in the same run.
/// </summary>
internal static class SubmissionBench
{
    private const int Organizations = 50;

    public static async Task<int> RunAsync(Uri rest, string rabbitMq, int seconds, int overloadRate, int warmUpSeconds)
    {
        // The baseline publishes to a durable queue, as every endpoint of the platform is, so its confirms wait
        // for RabbitMQ's disk like the platform's events do; the transient queue's rate is shown beside it.
        var raw = await RawMassTransitRateAsync(rabbitMq, Math.Min(seconds, 20), durable: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw MassTransit publish (confirmed) and consume, durable queue: {raw:F0} msg/s"));
        var transient = await RawMassTransitRateAsync(rabbitMq, Math.Min(seconds, 20), durable: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw MassTransit publish (confirmed) and consume, transient queue: {transient:F0} msg/s"));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = rest,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench-intake");
        var auditor = await BenchData.TokenAsync(http, "auditor", "bench-auditor");
        var usccs = await BenchData.RegisterEligibleAsync(http, officer, Organizations);

        // Unmeasured warm-up at half the offered rate: the runtime's tiered JIT recompiles the hot paths of
        // every process during the first minute, which a long-running service has long finished.
        var documents = await UploadAsync(http, officer, overloadRate / 2 * warmUpSeconds);
        var warmUp = await OpenLoopAsync(http, officer, usccs, documents, overloadRate / 2, warmUpSeconds);
        await WaitForAuditAsync(http, auditor, warmUp.LastApplicationId, TimeSpan.FromSeconds(120));

        // Phase 1: offer more than the suite can take; what completes per second is the sustained rate.
        documents = await UploadAsync(http, officer, overloadRate * seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} overload phase: {overloadRate}/s for {seconds} s"));
        var overload = await OpenLoopAsync(http, officer, usccs, documents, overloadRate, seconds);
        // Completions over the time until the last one answered (the queue built by overload drains too).
        var sustained = overload.Succeeded / overload.Seconds;
        // Events flow: how long after the last answer the last submission's audit entry is in Compliance
        // (the next phase starts once the outbox has drained).
        var overloadLag = await AuditLagAsync(http, auditor, overload.LastApplicationId);

        // Phase 2: half the sustained rate, for the latency a user sees under ordinary heavy load.
        var half = Math.Max(1, (int)(sustained / 2));
        documents = await UploadAsync(http, officer, half * seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} half-load phase: {half}/s for {seconds} s"));
        var halfLoad = await OpenLoopAsync(http, officer, usccs, documents, half, seconds);

        var halfLoadLag = await AuditLagAsync(http, auditor, halfLoad.LastApplicationId);

        Console.WriteLine();
        Console.WriteLine("| measurement | value | ÷ raw rate, durable queue | ÷ raw rate, transient queue |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw MassTransit confirmed publish-and-consume, durable queue (baseline) | {raw:F0} msg/s | 1.00 | {raw / transient:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw MassTransit confirmed publish-and-consume, transient queue | {transient:F0} msg/s | {transient / raw:F2} | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| offered (open loop) | {overloadRate} /s for {seconds} s | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| sustained submissions through the gateway | {sustained:F0} /s ({overload.Succeeded} ok, {overload.Refused} refused, {overload.Failed} failed) | {sustained / raw:F3} | {sustained / transient:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| at half load ({half}/s for {seconds} s): p50 / p99 / max | {Ms(halfLoad.Latency, 50):F1} / {Ms(halfLoad.Latency, 99):F1} / {MaxMs(halfLoad.Latency):F1} ms ({halfLoad.Succeeded} ok, {halfLoad.Refused} refused, {halfLoad.Failed} failed) | | |"));
        if (overloadLag is { } drained)
        {
            // The stricter rate: every submission answered and its event through RabbitMQ into the audit trail.
            var delivered = overload.Succeeded / (overload.Seconds + drained);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| sustained with every event audited in Compliance | {delivered:F0} /s | {delivered / raw:F3} | {delivered / transient:F3} |"));
        }

        Console.WriteLine($"| last overload submission's audit entry in Compliance after its answer | {Lag(overloadLag)} | | |");
        Console.WriteLine($"| last half-load submission's audit entry in Compliance after its answer | {Lag(halfLoadLag)} | | |");
        return 0;
    }

    /// <summary>
    /// Overload without collapse: the suite's capacity is the rate it serves under a rush (offered
    /// <paramref name="probeRate"/>); then the same run offers 1 × and 4 × that capacity in turn, <paramref name="rounds"/> times, open loop, and compares what
    /// each serves, how the excess is refused (429/503, and how fast) and whether anything timed out or failed.
    /// </summary>
    public static async Task<int> RunAdmissionAsync(Uri rest, int seconds, int probeRate, int warmUpSeconds, int? knownCapacity, int rounds)
    {
        var connections = new ConnectionLog();
        using var http = new HttpClient(connections.Handler(4096))
        {
            BaseAddress = rest,
            Timeout = TimeSpan.FromSeconds(30),
        };
        // The gateway, the service that admits submissions, the Registry it asks, and this generator: their collections
        // and thread pools, to set beside each slow refusal.
        using var runtime = RuntimeEvents.Watch(ProcessCpu.ProcessesOf("Gateway", "Applications", "Registry", "load generator"));
        var watch = new PhaseWatch(connections, runtime);
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench-admission");
        var auditor = await BenchData.TokenAsync(http, "auditor", "bench-auditor");
        var usccs = await BenchData.RegisterEligibleAsync(http, officer, Organizations);

        // Warm-up at the capacity given, or at a quarter of the probe rate: long enough (60 s by default) for the
        // services' hot paths to reach their optimised code; with 20 s the first phases still ran slower than the later.
        var warmUpRate = knownCapacity ?? Math.Max(1, probeRate / 4);
        var documents = await UploadAsync(http, officer, warmUpRate * warmUpSeconds);
        await DrainAsync(http, officer, auditor);
        await OpenLoopAsync(http, officer, usccs, documents, warmUpRate, warmUpSeconds, watch);

        // Capacity: the most the suite serves per second on a ramp of offered rates up to the probe rate.
        // (Given as knownCapacity, for looking into the 1 × and 4 × phases alone, the ramp is skipped.)
        var capacity = knownCapacity ?? 0;
        var ramp = new List<string>();
        var step = Math.Max(1, probeRate / 4);
        for (var rate = step; knownCapacity is null && rate <= probeRate; rate += step)
        {
            documents = await UploadAsync(http, officer, rate * seconds / 2);
            await DrainAsync(http, officer, auditor);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} ramp: {rate}/s for {seconds / 2} s"));
            var result = await OpenLoopAsync(http, officer, usccs, documents, rate, seconds / 2, watch);
            var served = (int)(result.Succeeded / (seconds / 2.0));
            ramp.Add(string.Create(CultureInfo.InvariantCulture, $"{rate}/s offered → {served}/s served ({result.Refused} refused, {result.Failed} failed)"));
            capacity = Math.Max(capacity, served);
        }

        // The 1 × and 4 × phases alternate, rounds times: the served rate drifts from phase to phase on shared cores, and
        // alternating pairs each 4 × phase with a 1 × phase measured under the same conditions.
        var phases = new List<(string Name, int Multiple, int Rate, LoadResult Result)>();
        foreach (var (name, multiple) in Enumerable.Range(1, rounds).SelectMany(round => new[] { ($"1 ×, round {round}", 1), ($"4 ×, round {round}", 4) }))
        {
            var rate = capacity * multiple;
            documents = await UploadAsync(http, officer, rate * seconds);
            await DrainAsync(http, officer, auditor);
            await OpenConnectionsAsync(http, rate / 4);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {name} capacity: {rate}/s for {seconds} s"));
            phases.Add((name, multiple, rate, await OpenLoopAsync(http, officer, usccs, documents, rate, seconds, watch)));
        }

        Console.WriteLine();
        Console.WriteLine(knownCapacity is null
            ? string.Create(CultureInfo.InvariantCulture, $"ramp: {string.Join("; ", ramp)}\ncapacity (the most served per second on the ramp): {capacity}/s")
            : string.Create(CultureInfo.InvariantCulture, $"capacity: {capacity}/s, as given (no ramp)"));
        // Latency counts from the scheduled instant (open loop), so it includes the generator's own lateness; the refusals
        // are also timed from the instant each was handed to the client, which leaves most of that lateness out.
        Console.WriteLine("| offered | served /s | refused (429/503) | refusal p50 / p99 / max | refusal from the send p99 / max | served p50 / p99 | client timeouts | 5xx other than 503 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, _, rate, r) in phases)
        {
            Console.WriteLine(PhaseRow($"{name} ({rate}/s for {seconds} s)", r, seconds));
        }

        // Each rate's phases together: served per second over all its phases, latencies over all its answers.
        foreach (var multiple in new[] { 1, 4 })
        {
            var all = phases.Where(p => p.Multiple == multiple).Select(p => p.Result).ToList();
            Console.WriteLine(PhaseRow($"**all {multiple} × phases** ({capacity * multiple}/s for {all.Count} × {seconds} s)", LoadResult.Combine(all), seconds * all.Count));
        }

        var ratios = Enumerable.Range(0, rounds).Select(r => phases[(2 * r) + 1].Result.Succeeded / (double)Math.Max(1, phases[2 * r].Result.Succeeded));
        var ratio = phases.Where(p => p.Multiple == 4).Sum(p => p.Result.Succeeded) / (double)Math.Max(1, phases.Where(p => p.Multiple == 1).Sum(p => p.Result.Succeeded));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"served at 4 × ÷ served at 1 ×: {ratio:F2} over all phases (aim ≥ 0.9); round by round {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"));
        return 0;
    }

    /// <summary>
    /// Opens about <paramref name="count"/> connections to the gateway before a phase (concurrent liveness probes, which
    /// admission never limits), as the district systems' pools hold theirs: each request at the gateway's REST port
    /// (HTTP/1.1) holds a connection of its own, and the pool's idle connections close in the minutes between phases,
    /// so a phase would otherwise begin with the generator connecting a hundred or more at once on the gateway's core.
    /// </summary>
    private static async Task OpenConnectionsAsync(HttpClient http, int count) =>
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, count)).Select(async _ =>
        {
            using var response = await http.GetAsync("/health/live");
            response.EnsureSuccessStatusCode();
        }));

    private static string PhaseRow(string name, LoadResult r, int seconds)
    {
        var refusals = r.Refused == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Ms(r.RefusalLatency, 50):F1} / {Ms(r.RefusalLatency, 99):F1} / {MaxMs(r.RefusalLatency):F1} ms");
        var fromSend = r.Refused == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Ms(r.RefusalFromSend, 99):F1} / {MaxMs(r.RefusalFromSend):F1} ms");
        var served = r.Succeeded == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Ms(r.Latency, 50):F1} / {Ms(r.Latency, 99):F1} ms");
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Succeeded / (double)seconds:F0} | {r.Refused} | {refusals} | {fromSend} | {served} | {r.TimedOut} | {r.ServerErrors} |");
    }

    /// <summary>
    /// One phase's answers: served (200), refused at admission (429 or 503: the caller is told to come back), and
    /// everything else (other statuses, client timeouts), with the latency of the served and of the refused.
    /// </summary>
    private sealed record LoadResult(long Succeeded, long Refused, long Failed, long TimedOut, long ServerErrors, LongHistogram Latency, LongHistogram RefusalLatency, LongHistogram RefusalFromSend, string LastApplicationId, double Seconds)
    {
        /// <summary>Several phases' answers as one: counts summed, latencies over all the answers.</summary>
        public static LoadResult Combine(IReadOnlyList<LoadResult> results)
        {
            LongHistogram Merged(Func<LoadResult, LongHistogram> of)
            {
                var merged = new LongHistogram(TimeStamp.Minutes(5), 3);
                foreach (var result in results)
                {
                    merged.Add(of(result));
                }

                return merged;
            }

            return new LoadResult(
                results.Sum(r => r.Succeeded), results.Sum(r => r.Refused), results.Sum(r => r.Failed), results.Sum(r => r.TimedOut), results.Sum(r => r.ServerErrors),
                Merged(r => r.Latency), Merged(r => r.RefusalLatency), Merged(r => r.RefusalFromSend), results[^1].LastApplicationId, results.Sum(r => r.Seconds));
        }
    }

    private static async Task<LoadResult> OpenLoopAsync(HttpClient http, string token, List<string> usccs, List<string> documents, int rate, int seconds, PhaseWatch? watch = null)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(5), 3);
        var refusals = new LongHistogram(TimeStamp.Minutes(5), 3);
        var refusalsFromSend = new LongHistogram(TimeStamp.Minutes(5), 3);
        var sendLag = new LongHistogram(TimeStamp.Minutes(5), 3);
        var gate = new Lock();
        long ok = 0, refused = 0, failed = 0, timedOut = 0, serverErrors = 0;
        var last = string.Empty;
        var failures = new ConcurrentDictionary<string, int>();
        var refusalReasons = new ConcurrentDictionary<string, int>();
        var slowRefusals = new ConcurrentQueue<SlowRefusal>();
        var total = rate * seconds;
        var interval = Stopwatch.Frequency / (double)rate;
        // Completed requests are not kept (a list of every task would keep each request's state alive and make every
        // collection of the generator's own GC longer as the phase goes on): a count says when all have answered.
        var pending = (long)total;
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Guid.NewGuid().ToString("N")[..8];
        // Bodies are built before the clock starts, so the generator spends its time sending, not serialising.
        var bodies = new byte[total][];
        for (var i = 0; i < total; i++)
        {
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(new
            {
                policyId = "HRS-2024-2",
                organizationUscc = usccs[i % usccs.Count],
                itemCode = "4.2",
                title = $"基准项目 {run}-{i}",
                summary = "开环负载下的申报。",
                projectPeriod = new { start = "2025-03-01", end = "2025-12-31" },
                requestedAmountFen = "1000000",
                declaration = new { textVersion = "HRS-2024-2/1", signerName = "基准", signedAt = "2026-05-10T09:00:00+08:00" },
                documents = new[] { new { sha256 = documents[i], name = "材料.pdf" } },
            });
        }

        CollectBeforePhase();
        var cpu = ProcessCpu.Sample();
        var (pausedBefore, collectionsBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
        var start = Stopwatch.GetTimestamp();
        var startUtc = DateTime.UtcNow;
        for (var i = 0; i < total; i++)
        {
            var scheduled = start + (long)(i * interval);
            var wait = scheduled - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
            }

            var n = i;
            _ = Task.Run(async () =>
            {
                var lag = Math.Max(0, Stopwatch.GetTimestamp() - scheduled);
                lock (gate)
                {
                    sendLag.RecordValue(lag);
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/applications") { Content = new ByteArrayContent(bodies[n]) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Add("Idempotency-Key", $"{run}-{n}");
                try
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    var done = Stopwatch.GetTimestamp();
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var id = ApplicationId(await response.Content.ReadAsByteArrayAsync());
                        lock (gate)
                        {
                            histogram.RecordValue(Math.Max(0, done - scheduled));
                            ok++;
                            last = id;
                        }
                    }
                    else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                    {
                        var reason = RefusalReason(await response.Content.ReadAsByteArrayAsync());
                        refusalReasons.AddOrUpdate(reason, 1, (_, c) => c + 1);
                        if (done - sent >= SlowRefusalTicks)
                        {
                            slowRefusals.Enqueue(new SlowRefusal(DateTime.UtcNow - Stopwatch.GetElapsedTime(sent), sent, done, reason, $"{run}-{n}"));
                        }

                        lock (gate)
                        {
                            refusals.RecordValue(Math.Max(0, done - scheduled)); // a timer may wake a little before the schedule
                            refusalsFromSend.RecordValue(done - sent);
                            refused++;
                        }

                        failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                    }
                    else
                    {
                        failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                        Interlocked.Increment(ref failed);
                        if ((int)response.StatusCode >= 500)
                        {
                            Interlocked.Increment(ref serverErrors);
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.AddOrUpdate(ex.GetType().Name, 1, (_, c) => c + 1);
                    Interlocked.Increment(ref failed);
                    if (ex is TaskCanceledException)
                    {
                        Interlocked.Increment(ref timedOut);
                    }
                }
                finally
                {
                    if (Interlocked.Decrement(ref pending) == 0)
                    {
                        allAnswered.SetResult();
                    }
                }
            });
        }

        await allAnswered.Task;
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // The generator's own delay in sending, which every latency above includes: a request leaves late when the
        // generator does not get a core in time.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sent late at {rate}/s: p50 / p99 / max {Ms(sendLag, 50):F1} / {Ms(sendLag, 99):F1} / {MaxMs(sendLag):F1} ms; its own GC paused it {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - collectionsBefore} collections"));
        var cpuAfter = ProcessCpu.Sample();
        Console.WriteLine($"  cores at {rate}/s: {cpuAfter.CoresSince(cpu, elapsed)}");
        Console.WriteLine($"  threads waiting for a core at {rate}/s (run-queue seconds per second): {cpuAfter.WaitingSince(cpu, elapsed)}");
        if (!failures.IsEmpty)
        {
            Console.WriteLine($"  failures at {rate}/s: {string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}"))}");
        }

        if (!refusalReasons.IsEmpty)
        {
            Console.WriteLine($"  refusals by reason at {rate}/s: {string.Join(", ", refusalReasons.Select(r => $"{r.Key} ×{r.Value}"))}");
        }

        if (watch is not null)
        {
            var opened = watch.Connections.Between(start, Stopwatch.GetTimestamp());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  connections opened at {rate}/s: {opened.Count}, the slowest connect {(opened.Count == 0 ? 0 : Ms(opened.Max(c => c.Ticks))):F1} ms"));
            Console.WriteLine($"  runtime at {rate}/s: {watch.Runtime.Summary(startUtc, DateTime.UtcNow)}");
            Console.WriteLine($"  pauses over 20 ms at {rate}/s: {watch.Runtime.PausesOver(20, startUtc, DateTime.UtcNow)}");
        }

        // Each refusal slower than the aim, by when it was sent: set beside the suite's own records of that moment
        // (its collections, its thread pool), they say where the time went.
        foreach (var slow in slowRefusals.OrderBy(s => s.Sent).Take(12))
        {
            var connects = watch?.Connections.Between(slow.Sent - Stopwatch.Frequency, slow.Done) ?? [];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  slow refusal: {slow.IdempotencyKey} sent {slow.SentUtc:HH:mm:ss.fff}, answered after {Ms(slow.Done - slow.Sent):F1} ms, {slow.Reason}; connects begun from 1 s before the send to the answer: {connects.Count}{(connects.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", the slowest {Ms(connects.Max(c => c.Ticks)):F1} ms"))}"));
            if (watch is not null)
            {
                Console.WriteLine($"    meanwhile: {watch.Runtime.During(slow.SentUtc, slow.SentUtc.AddTicks(Stopwatch.GetElapsedTime(slow.Sent, slow.Done).Ticks))}");
            }
        }

        if (slowRefusals.Count > 12)
        {
            Console.WriteLine($"  … and {slowRefusals.Count - 12} more slow refusals");
        }

        return new LoadResult(ok, refused, failed, timedOut, serverErrors, histogram, refusals, refusalsFromSend, last, elapsed);
    }

    /// <summary>A refusal's answer slower than the aim (50 ms from the send).</summary>
    private static readonly long SlowRefusalTicks = Stopwatch.Frequency / 20;

    /// <summary>What the admission run watches besides the answers: the client's connections, the processes' runtimes.</summary>
    private sealed record PhaseWatch(ConnectionLog Connections, RuntimeEvents Runtime);

    /// <summary>
    /// The generator stands for callers on other machines, so its own collections are not the suite's: each phase
    /// starts from a compacted heap, so that no full collection falls due in it. One begun at a phase's start, when the
    /// generator opens a connection per caller, stopped it for 46–60 ms, and every answer arriving then counted the
    /// wait. (Holding full collections off for the phase instead, in the collector's low-latency mode, shrank its young
    /// generation: 570 collections a phase instead of 22, three times the time paused.)
    /// </summary>
    private static void CollectBeforePhase() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    private sealed record SlowRefusal(DateTime SentUtc, long Sent, long Done, string Reason, string IdempotencyKey);

    /// <summary>
    /// The refusal's ErrorInfo reason (OVERLOADED, RATE_LIMITED, REGISTRY_UNAVAILABLE, ...) with the process that
    /// refused when it says (<c>OVERLOADED by gateway</c>), or "no reason".
    /// </summary>
    private static string RefusalReason(byte[] json)
    {
        string? reason = null, refusedBy = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("reason"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    reason ??= reader.GetString();
                }
                else if (reader.ValueTextEquals("refusedBy"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    refusedBy ??= reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return "not JSON";
        }

        return reason is null ? "no reason" : refusedBy is null ? reason : $"{reason} by {refusedBy}";
    }

    /// <summary>The answer's top-level <c>applicationId</c>, read without building a document.</summary>
    private static string ApplicationId(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("applicationId"u8))
            {
                reader.Read();
                return reader.GetString()!;
            }

            if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        throw new InvalidOperationException("The answer has no applicationId.");
    }

    /// <summary>One evidence document per submission (a shared document would make two submissions the same project).</summary>
    private static async Task<List<string>> UploadAsync(HttpClient http, string token, int count)
    {
        var shas = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{sha}") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            shas[i] = sha;
        });
        return [.. shas];
    }

    /// <summary>
    /// Until the events of what came before (uploads, the last phase) are through: a fresh registration is audited,
    /// and the machine is quiet (the events of other queues, which the registration's may overtake, are digested too).
    /// </summary>
    private static async Task DrainAsync(HttpClient http, string officer, string auditor)
    {
        var sentinel = (await BenchData.RegisterEligibleAsync(http, officer, 1))[0];
        await WaitForAuditAsync(http, auditor, sentinel, TimeSpan.FromSeconds(180));
        var waited = await ProcessCpu.WaitForQuietAsync(0.3, TimeSpan.FromSeconds(120));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  quiet after {waited:F0} s"));
    }

    /// <summary>Seconds from now until the application's audit entry is in Compliance; null if not within 120 s.</summary>
    private static async Task<double?> AuditLagAsync(HttpClient http, string auditor, string applicationId)
    {
        var start = Stopwatch.GetTimestamp();
        var audited = await WaitForAuditAsync(http, auditor, applicationId, TimeSpan.FromSeconds(120));
        return audited ? Stopwatch.GetElapsedTime(start).TotalSeconds : null;
    }

    private static string Lag(double? seconds) =>
        seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 1000:F0} ms") : "not within 120 s";

    private static async Task<bool> WaitForAuditAsync(HttpClient http, string token, string subject, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?subject={subject}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (json.RootElement.TryGetProperty("entries", out var entries) && entries.GetArrayLength() > 0)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>
    /// Confirmed publishes consumed by the same process, 64 in flight, for <paramref name="seconds"/>; on a durable
    /// queue (persistent messages written to RabbitMQ's disk before the confirm) or a transient one.
    /// </summary>
    private static async Task<double> RawMassTransitRateAsync(string rabbitMq, int seconds, bool durable)
    {
        var consumed = 0L;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(rabbitMq));
            cfg.ReceiveEndpoint($"bench-raw-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = durable;
                e.Handler<BenchPing>(_ =>
                {
                    Interlocked.Increment(ref consumed);
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            // Unmeasured first: the JIT compiles the publish and consume paths, and both rates start warm.
            await PublishAndDrainAsync(3);
            Interlocked.Exchange(ref consumed, 0);
            return await PublishAndDrainAsync(seconds);
        }
        finally
        {
            await bus.StopAsync();
        }

        async Task<double> PublishAndDrainAsync(int forSeconds)
        {
            var stop = Stopwatch.GetTimestamp() + (forSeconds * Stopwatch.Frequency);
            var published = 0L;
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < stop)
                {
                    await bus.Publish(new BenchPing(Interlocked.Increment(ref published)));
                }
            })));
            while (Interlocked.Read(ref consumed) < Interlocked.Read(ref published) && Stopwatch.GetElapsedTime(start).TotalSeconds < forSeconds + 30)
            {
                await Task.Delay(10);
            }

            return Interlocked.Read(ref consumed) / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

}

namespace Huangpu.Bench
{
    /// <summary>The raw baseline's message.</summary>
    public sealed record BenchPing(long Sequence);
}

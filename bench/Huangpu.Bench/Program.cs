using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using static Huangpu.Bench.HistogramMilliseconds;

// usage: Huangpu.Bench slice <gateway-url> [count]
//        Huangpu.Bench empty-server <port>
//        Huangpu.Bench otlp-sink <port>
//        Huangpu.Bench eligibility <gateway-rest-url> <gateway-grpc-url> <registry-url> <empty-server-url> [seconds] [concurrency] [warm-up-seconds] [rows]
//          rows: comma-separated among hit-direct, miss-direct, hit-gateway, miss-gateway (default all)
//        Huangpu.Bench gateway <gateway-rest-url> <registry-url> <gateway-grpc-url> <nginx-url> [seconds] [concurrency] [warm-up-seconds]
//        Huangpu.Bench submissions <gateway-rest-url> <amqp-url> [seconds] [overload-rate] [warm-up-seconds]
//        Huangpu.Bench admission <gateway-rest-url> [seconds] [probe-rate] [warm-up-seconds] [capacity (no ramp)]
//        Huangpu.Bench review [draws] [entries] [rounds]
//        Huangpu.Bench audit [events] [verify-entries] [rounds]
//        Huangpu.Bench payments <gateway-rest-url> <amqp-url> <payments-db-connection-string> [awards] [organizations] [singles]
switch (args.FirstOrDefault())
{
    case "empty-server":
        await EmptyServer.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
        return 0;
    case "otlp-sink":
        await OtlpSink.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));
        return 0;
    case "eligibility" when args.Length >= 5:
        return await EligibilityBench.RunAsync(
            new Uri(args[1]), new Uri(args[2]), new Uri(args[3]), new Uri(args[4]),
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 10,
            args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 16,
            args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 15,
            (args.Length > 8 ? args[8].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : EligibilityBench.RowNames).ToHashSet(StringComparer.Ordinal));
    case "gateway" when args.Length >= 5:
        return await GatewayBench.RunAsync(
            new Uri(args[1]), new Uri(args[2]), new Uri(args[3]), new Uri(args[4]),
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 30,
            args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 16,
            args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 15);
    case "submissions" when args.Length >= 3:
        return await SubmissionBench.RunAsync(
            new Uri(args[1]), args[2],
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 800,
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 30);
    case "admission" when args.Length >= 2:
        return await SubmissionBench.RunAdmissionAsync(
            new Uri(args[1]),
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 800,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20,
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : null,
            int.Parse(Environment.GetEnvironmentVariable("ROUNDS") ?? "2", CultureInfo.InvariantCulture));
    case "review":
        return await ReviewBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    case "audit":
        return await AuditBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    case "payments" when args.Length >= 4:
        return await PaymentsBench.RunAsync(
            new Uri(args[1]), args[2], args[3],
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10_000,
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 100,
            args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 100);
    case "slice" when args.Length >= 2:
        break;
    default:
        Console.Error.WriteLine("usage: Huangpu.Bench slice <gateway-url> [count] | empty-server <port> | otlp-sink <port> | eligibility <rest> <grpc> <registry> <empty> [seconds] [concurrency] [warm-up-seconds] [rows] | gateway <rest> <registry> <grpc> <nginx> [seconds] [concurrency] [warm-up-seconds] | submissions <rest> <amqp> [seconds] [rate] [warm-up-seconds] | review [draws] [entries] [rounds] | payments <rest> <amqp> <payments-db> [awards] [organizations] [singles] | audit [events] [verify-entries] [rounds]");
        return 2;
}

// Sequential round trips of the registration slice through the gateway, beside baselines measured in the same run.

var gateway = new Uri(args[1]);
var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
var officer = await BenchData.TokenAsync(http, "case_officer", "bench-officer");
var auditor = await BenchData.TokenAsync(http, "auditor", "bench-auditor");
var serial = Random.Shared.Next(0, 100_000_000);
var known = BenchData.Uscc(serial++);
(await SendAsync(HttpMethod.Post, "/api/v1/organizations", officer, Body(known))).EnsureSuccessStatusCode();

var live = new LongHistogram(TimeStamp.Minutes(1), 3);
var read = new LongHistogram(TimeStamp.Minutes(1), 3);
var posted = new LongHistogram(TimeStamp.Minutes(1), 3);
var audited = new LongHistogram(TimeStamp.Minutes(1), 3);

const int warmup = 50;
for (var i = -warmup; i < count; i++)
{
    var record = i >= 0;
    var started = Stopwatch.GetTimestamp();
    (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
    if (record)
    {
        live.RecordValue(Stopwatch.GetTimestamp() - started);
    }

    started = Stopwatch.GetTimestamp();
    (await SendAsync(HttpMethod.Get, $"/api/v1/organizations/{known}", officer)).EnsureSuccessStatusCode();
    if (record)
    {
        read.RecordValue(Stopwatch.GetTimestamp() - started);
    }

    var uscc = BenchData.Uscc(serial++);
    started = Stopwatch.GetTimestamp();
    (await SendAsync(HttpMethod.Post, "/api/v1/organizations", officer, Body(uscc))).EnsureSuccessStatusCode();
    var answered = Stopwatch.GetTimestamp();
    while (true)
    {
        using var audit = await SendAsync(HttpMethod.Get, $"/api/v1/audit?subject={uscc}", auditor);
        audit.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
        if (doc.RootElement.GetProperty("entries").GetArrayLength() > 0)
        {
            break;
        }

        await Task.Delay(2);
    }

    if (record)
    {
        posted.RecordValue(answered - started);
        audited.RecordValue(Stopwatch.GetTimestamp() - started);
    }
}

Console.WriteLine($"Sequential round trips through the gateway, n = {count} each (after {warmup} warm-up), one client:");
Console.WriteLine();
Console.WriteLine("| measurement | p50 ms | p99 ms | max ms | p50 ÷ baseline p50 |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Row("baseline: GET /health/live (gateway only)", live, live);
Row("baseline: GET organization (gateway → Registry → PostgreSQL)", read, live);
Row("POST organization, answered (commit + outbox row)", posted, live);
Row("POST organization until its audit entry is visible", audited, live);
return 0;

void Row(string name, LongHistogram h, LongHistogram baseline) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Ms(h, 50):F2} | {Ms(h, 99):F2} | {MaxMs(h):F2} | {Ms(h, 50) / Ms(baseline, 50):F1} |"));

Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? json = null)
{
    var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (json is not null)
    {
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
    }

    return http.SendAsync(request);
}

static string Body(string uscc) => JsonSerializer.Serialize(new
{
    uscc,
    name = "基准测试人力资源有限公司",
    legalForm = "LEGAL_FORM_LEGAL_ENTITY",
    registeredDistrictCode = "310101",
});

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HdrHistogram;
using Huangpu.Contracts.Applications;
using MassTransit;
using Npgsql;
using static Huangpu.Bench.HistogramMilliseconds;

/// <summary>
/// Final awards to disbursed through the whole suite and the treasury simulator, beside bare ledger transactions
/// committed to the same PostgreSQL in the same run (the floor of what Payments' own commits cost).
/// </summary>
internal static class PaymentsBench
{
    private const int Concurrency = 16;

    public static async Task<int> RunAsync(Uri gateway, string rabbitMq, string payments, int awards, int organizations, int singles)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        var officer = await BenchData.TokenAsync(http, "case_officer", "bench-officer");
        var finance = await BenchData.TokenAsync(http, "finance", "bench-finance");
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        using (var budget = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/budgets/{year}") { Content = JsonContent.Create(new { appropriationFen = "900000000000000" }) })
        {
            budget.Headers.Authorization = new AuthenticationHeaderValue("Bearer", finance);
            (await http.SendAsync(budget)).EnsureSuccessStatusCode();
        }

        var usccs = await BenchData.RegisterEligibleAsync(http, officer, organizations);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(rabbitMq)));
        await bus.StartAsync();
        try
        {
            // Warm-up (unmeasured): every path compiled, every organisation's eligibility cached.
            await PublishAsync(bus, usccs, usccs.Count);
            await WaitDisbursedAsync(payments, usccs.Count, TimeSpan.FromMinutes(2));

            var baseline = await BareLedgerRateAsync(payments, awards);

            var started = Stopwatch.GetTimestamp();
            await PublishAsync(bus, usccs, awards);
            var published = Stopwatch.GetElapsedTime(started);
            var done = await WaitDisbursedAsync(payments, usccs.Count + awards, TimeSpan.FromMinutes(10));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var underLoad = await OrderLatencyAsync(payments, usccs.Count);

            // One at a time: the latency of one disbursement, from the event to the treasury's confirmation recorded.
            var single = new LongHistogram(TimeStamp.Minutes(1), 3);
            for (var i = 0; i < singles; i++)
            {
                var one = Stopwatch.GetTimestamp();
                await PublishAsync(bus, [usccs[i % usccs.Count]], 1);
                await WaitDisbursedAsync(payments, usccs.Count + awards + i + 1, TimeSpan.FromMinutes(1), pollMs: 2);
                single.RecordValue(Stopwatch.GetTimestamp() - one);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare ledger transactions ({Concurrency} connections, one balanced pair per commit): {baseline:F0}/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{awards} awards final → disbursed: {(done ? "all" : "NOT ALL")} in {elapsed.TotalSeconds:F1} s (published in {published.TotalSeconds:F1} s) = {awards / elapsed.TotalSeconds:F0} awards/s, ratio to the bare ledger {awards / elapsed.TotalSeconds / baseline:F3}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  order raised → disbursed under that load: p50 {underLoad.P50:F0} ms, p99 {underLoad.P99:F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one disbursement at a time ({singles}), event published → disbursed: p50 {Ms(single, 50):F1} ms, p99 {Ms(single, 99):F1} ms"));
            return done ? 0 : 1;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task PublishAsync(IBus bus, List<string> usccs, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await bus.Publish(new AwardFinalised
                {
                    ApplicationId = Guid.CreateVersion7(),
                    OrganizationUscc = usccs[i % usccs.Count],
                    PolicyId = "HRS-2024-2",
                    ItemCode = "4.2",
                    AmountFen = 1_000_000 + i,
                    OccurredAt = DateTimeOffset.UtcNow,
                    Actor = "bench",
                    ActorRole = "system",
                });
            }
        })));
    }

    private static async Task<bool> WaitDisbursedAsync(string payments, int total, TimeSpan timeout, int pollMs = 100)
    {
        await using var connection = new NpgsqlConnection(payments);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM payment_orders WHERE status = 'Disbursed'", connection);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while ((long)(await count.ExecuteScalarAsync())! < total)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(pollMs);
        }

        return true;
    }

    private static async Task<(double P50, double P99)> OrderLatencyAsync(string payments, int skip)
    {
        await using var connection = new NpgsqlConnection(payments);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM disbursed_at - created_at) * 1000) FROM (SELECT * FROM payment_orders ORDER BY id OFFSET $1) o",
            connection);
        query.Parameters.AddWithValue(skip);
        var values = (double[])(await query.ExecuteScalarAsync())!;
        return (values[0], values[1]);
    }

    /// <summary>Balanced pairs of ledger-shaped rows, one transaction per commit, from as many connections as Payments uses.</summary>
    private static async Task<double> BareLedgerRateAsync(string payments, int transactions)
    {
        await using (var connection = new NpgsqlConnection(payments))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE bench_ledger (LIKE ledger_entries INCLUDING DEFAULTS INCLUDING IDENTITY)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(payments);
            await connection.OpenAsync();
            while (Interlocked.Increment(ref next) < transactions)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var insert = new NpgsqlCommand(
                    """
                    INSERT INTO bench_ledger (transaction_id, account, debit_fen, credit_fen, year, group_code, item_code, organization_uscc, application_id, kind, memo, posted_at)
                    VALUES ($1, 'Obligated', $2, 0, 2026, '2', '4.2', '91310101000000000X', $3, 'Disburse', 'bench', now()),
                           ($1, 'Disbursed', 0, $2, 2026, '2', '4.2', '91310101000000000X', $3, 'Disburse', 'bench', now())
                    """,
                    connection,
                    transaction);
                insert.Parameters.AddWithValue(Guid.NewGuid());
                insert.Parameters.AddWithValue(1_000_000L);
                insert.Parameters.AddWithValue(Guid.NewGuid());
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
        })));
        return transactions / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}

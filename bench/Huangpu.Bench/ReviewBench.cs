using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Infrastructure;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Infrastructure;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Huangpu.Bench.HistogramMilliseconds;

/// <summary>
/// The review capability's two heavy steps on a throwaway PostgreSQL, each beside a baseline measured in the same
/// run: (1) a panel draw with recusal — the applicant's links among 50,000 registry link keys, the available pool
/// of 2,000 experts, the seeded draw — against the cheapest database round trip (one organisation by key);
/// (2) finalising 1,000 notice entries against 1,000 plain single-row updates in the same five transactions.
/// </summary>
internal static class ReviewBench
{
    private const int Organizations = 10_000; // five link keys each: 50,000
    private const int Experts = 2_000;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static async Task<int> RunAsync(int draws, int entries, int rounds)
    {
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        try
        {
            Console.WriteLine($"# review benchmark: {Organizations} organisations ({Organizations * 5} link keys), {Experts} experts, {draws} draws; {rounds} rounds of finalising {entries} entries");
            var uscc = await SeedRegistryAsync(postgres.ConnectionStringFor("bench_registry"));
            await SeedExpertsAsync(postgres.ConnectionStringFor("bench_expertreview"), uscc);
            await DrawsAsync(postgres, uscc, draws);
            await FinalisationAsync(postgres.ConnectionStringFor("bench_applications"), entries, rounds);
            return 0;
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static async Task<List<string>> SeedRegistryAsync(string connectionString)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var db = Registry(connectionString))
        {
            await db.Database.MigrateAsync();
        }

        // People and addresses are shared among organisations, as in a district: a person in ~3 records, an address in ~2.
        var officer = new Provenance(DataSource.Officer, "bench", "case_officer");
        var random = new Random(7);
        var codes = Enumerable.Range(0, Organizations).Select(i => BenchData.Uscc(50_000_000 + i)).ToList();
        for (var batch = 0; batch < Organizations; batch += 1000)
        {
            await using var db = Registry(connectionString);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var code in codes.Skip(batch).Take(1000))
            {
                string Person() => $"person-{random.Next(0, Organizations * 2 / 3):D6}";
                db.Organizations.Add(Organization.Register(code, new OrganizationPatch
                {
                    Name = new($"上海基准{code[^6..]}人力资源有限公司"),
                    RegisteredAddress = new($"上海市黄浦区基准路{random.Next(0, Organizations / 2)}号"),
                    LegalRepresentative = new(new Person("法定代表人", null, Person())),
                    Shareholders = new([new Person("股东", null, Person())]),
                    SeniorManagers = new([new Person("高管", null, Person())]),
                }, officer, [], Now));
            }

            await db.SaveChangesAsync();
        }

        await using (var db = Registry(connectionString))
        {
            var keys = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM organization_link_keys").SingleAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            Console.WriteLine($"seeded the Registry: {Organizations} organisations, {keys} link keys in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }

        return codes;
    }

    private static async Task SeedExpertsAsync(string connectionString, List<string> organizations)
    {
        await using var db = ExpertReview(connectionString);
        await db.Database.MigrateAsync();
        var random = new Random(11);
        for (var i = 0; i < Experts; i++)
        {
            var kind = (Huangpu.ExpertReview.Domain.ExpertKind)((i % 4) + 1);
            var ties = random.Next(20) == 0 ? new[] { organizations[random.Next(organizations.Count)] } : [];
            db.Experts.Add(Expert.Create($"专家{i}", kind, organizations[random.Next(organizations.Count)], ties, available: random.Next(10) != 0, Now));
        }

        await db.SaveChangesAsync();
    }

    private static async Task DrawsAsync(PostgresServer postgres, List<string> organizations, int draws)
    {
        var registryConnection = postgres.ConnectionStringFor("bench_registry");
        var expertConnection = postgres.ConnectionStringFor("bench_expertreview");
        var random = new Random(13);
        var total = Histogram();
        var links = Histogram();
        var pool = Histogram();
        var draw = Histogram();
        var baseline = Histogram();
        var recused = 0L;
        var pending = 0;
        for (var i = -50; i < draws; i++)
        {
            var applicant = organizations[random.Next(organizations.Count)];

            // Baseline: one organisation by its key, on the same kind of fresh context.
            var started = Stopwatch.GetTimestamp();
            await using (var db = Registry(registryConnection))
            {
                _ = await db.Organizations.AsNoTracking().Where(o => o.Uscc == applicant).Select(o => o.Version).SingleAsync();
            }

            var baselineTicks = Stopwatch.GetTimestamp() - started;

            started = Stopwatch.GetTimestamp();
            IReadOnlyList<OrganizationLink> found;
            await using (var db = Registry(registryConnection))
            {
                found = (await new OrganizationLinkQuery(db).FindAsync(applicant, CancellationToken.None))!;
            }

            var afterLinks = Stopwatch.GetTimestamp();
            List<Expert> available;
            await using (var db = ExpertReview(expertConnection))
            {
                available = await db.Experts.AsNoTracking().Where(e => e.Available).ToListAsync();
            }

            var afterPool = Stopwatch.GetTimestamp();
            var result = PanelDraw.Draw(available, applicant, [.. found.Select(l => new ApplicantLink(l.Uscc, l.Reasons))], PanelDraw.NewSeed(), new PanelOptions());
            var done = Stopwatch.GetTimestamp();
            if (i < 0)
            {
                continue;
            }

            baseline.RecordValue(baselineTicks);
            links.RecordValue(afterLinks - started);
            pool.RecordValue(afterPool - afterLinks);
            draw.RecordValue(done - afterPool);
            total.RecordValue(done - started);
            recused += result.Recusals.Count;
            pending += result.Drawn ? 0 : 1;
        }

        Console.WriteLine();
        Console.WriteLine($"## Panel draw with recusal (n = {draws} after 50 warm-up, sequential)");
        Console.WriteLine();
        Console.WriteLine("| measurement | p50 ms | p99 ms | max ms | p50 ÷ baseline p50 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var basis = Ms(baseline.GetValueAtPercentile(50));
        Row("baseline: one organisation by key (Registry DB)", baseline, basis);
        Row("whole draw: links + pool + seeded draw", total, basis);
        Row("  the applicant's links (50,000 keys)", links, basis);
        Row("  the available pool (2,000 experts)", pool, basis);
        Row("  recusal and the seeded draw (in memory)", draw, basis);
        Console.WriteLine();
        Console.WriteLine($"recusals per draw: {(double)recused / draws:F2}; draws left pending: {pending}");
    }

    private static async Task FinalisationAsync(string connectionString, int entries, int rounds)
    {
        await using (var db = Applications(connectionString))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, touched timestamptz)");
        }

        var finalise = new List<double>();
        var baseline = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = new FakeTimeProvider(Now);
            await SeedNoticeAsync(connectionString, entries);
            clock.Advance(TimeSpan.FromDays(30));

            // Baseline: the same number of single-row updates, in the same number of transactions.
            await using (var db = Applications(connectionString))
            {
                await db.Database.ExecuteSqlAsync($"TRUNCATE bench_rows; INSERT INTO bench_rows SELECT g, NULL FROM generate_series(1, {entries}) g");
            }

            var started = Stopwatch.GetTimestamp();
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                for (var first = 1; first <= entries; first += NoticeFinalisation.BatchSize)
                {
                    await using var transaction = await connection.BeginTransactionAsync();
                    for (var id = first; id < first + NoticeFinalisation.BatchSize && id <= entries; id++)
                    {
                        await using var update = new NpgsqlCommand("UPDATE bench_rows SET touched = now() WHERE id = $1", connection, transaction);
                        update.Parameters.AddWithValue(id);
                        await update.ExecuteNonQueryAsync();
                    }

                    await transaction.CommitAsync();
                }
            }

            baseline.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            var finalised = 0;
            int batch;
            do
            {
                await using var db = Applications(connectionString);
                batch = await new NoticeFinalisation(db, new PolicyCalendar(clock, Shanghai)).RunOnceAsync(CancellationToken.None);
                finalised += batch;
            }
            while (batch > 0);

            finalise.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (finalised != entries)
            {
                throw new InvalidOperationException($"finalised {finalised} of {entries} entries");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## Finalising {entries} notice entries ({rounds} rounds; batches of {NoticeFinalisation.BatchSize}, one transaction each)");
        Console.WriteLine();
        Console.WriteLine("| measurement | min ms | median ms | max ms | median ÷ baseline median |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var basis = Median(baseline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| baseline: {entries} single-row updates in the same transactions | {baseline.Min():F0} | {basis:F0} | {baseline.Max():F0} | 1.0 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| finalise: lock, FINAL, history, AwardFinalised and ApplicationTransitioned in the outbox | {finalise.Min():F0} | {Median(finalise):F0} | {finalise.Max():F0} | {Median(finalise) / basis:F1} |"));
    }

    private static async Task SeedNoticeAsync(string connectionString, int entries)
    {
        var notice = Huangpu.Applications.Domain.Notice.Publish("HRS-2024-2", new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 5), 5, "书面", "63150000", "bench", Now);
        var applicant = new Actor("bench-applicant", "applicant");
        var accepting = new Actor("bench-officer-1", "case_officer");
        var reviewing = new Actor("bench-officer-2", "case_officer");
        await using var db = Applications(connectionString);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < entries; i++)
        {
            var uscc = BenchData.Uscc(60_000_000 + Random.Shared.Next(0, 10_000_000));
            var content = new ApplicationContent("HRS-2024-2", uscc, "4.2", $"基准项目{Guid.NewGuid():N}", "简介", new ProjectPeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 12, 31)), 1_000_000, new Declaration("HRS-2024-2/1", "签署人", Now), []);
            var application = Application.Create(content, "HRS-2024-2-R1", draft: false, applicant, Now);
            application.Lifecycle.Accept(accepting, Now, null);
            application.Lifecycle.PassPreliminary(reviewing, Now, null, new LifecycleOptions());
            application.Lifecycle.SkipExpertReview(Now, "bench");
            application.Approve(new JointDecision(true, 1_000_000, null, null, reviewing.Subject, Now), reviewing);
            application.Lifecycle.PublishNotice(accepting, Now, "bench");
            db.Applications.Add(application);
            notice.Entries.Add(NoticeEntry.For(notice.Id, application.Id, uscc, "基准单位", "4.2", "专利应用", 1_000_000));
        }

        db.Notices.Add(notice);
        await db.SaveChangesAsync();
    }

    private static LongHistogram Histogram() => new(TimeStamp.Minutes(1), 3);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Row(string name, LongHistogram histogram, double basis)
    {
        var p50 = Ms(histogram.GetValueAtPercentile(50));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {p50:F2} | {Ms(histogram.GetValueAtPercentile(99)):F2} | {Ms(histogram.GetMaxValue()):F2} | {p50 / basis:F1} |"));
    }

    private static RegistryDbContext Registry(string connectionString) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(connectionString).Options);

    private static ExpertReviewDbContext ExpertReview(string connectionString) =>
        new(new DbContextOptionsBuilder<ExpertReviewDbContext>().UseNpgsql(connectionString).Options);

    private static ApplicationsDbContext Applications(string connectionString) =>
        new(new DbContextOptionsBuilder<ApplicationsDbContext>().UseNpgsql(connectionString).Options);
}

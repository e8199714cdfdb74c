using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Documents;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.Applications.Intake;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Grpc.Registry.V1;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.Applications.Tests;

/// <summary>Submission checks and the supplement lapse against a real PostgreSQL, on a fake clock.</summary>
public sealed class SubmissionChecksTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly PolicyCalendar Calendar = new(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly PolicyCatalog Catalog = CatalogLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Catalog", "Data"), Calendar.Zone);
    private static readonly Actor Applicant = new("applicant-1", PlatformRoles.Applicant);
    private static readonly Actor Officer = new("officer-1", PlatformRoles.CaseOfficer);
    private readonly FakeEligibility _eligibility = new();
    private readonly string _uscc = TestCodes.NewUscc();
    private string _sha = string.Empty;

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        _sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        db.Documents.Add(new StoredDocument { Sha256 = _sha, MediaType = "application/pdf", SizeBytes = bytes.Length, Content = bytes, UploadedBy = "applicant-1" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_last_second_of_the_policy_in_Shanghai_is_accepted_and_the_next_one_refused()
    {
        await using var db = Db();
        var checks = new SubmissionChecks(Catalog, _eligibility, db, Calendar);

        var lastSecond = DateTimeOffset.Parse("2026-12-31T23:59:59+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var passed = await checks.CheckAsync(Content("4.2", "最后一秒"), lastSecond, null, lockOrganization: false, CancellationToken.None);
        Assert.Equal("HRS-2024-2", passed.Policy.PolicyId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => checks.CheckAsync(Content("4.2", "跨年"), DateTimeOffset.Parse("2026-12-31T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, lockOrganization: false, CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("POLICY_NOT_IN_FORCE", Reason(refused));
    }

    [Fact]
    public async Task A_closed_round_is_refused_while_the_policy_is_still_in_force()
    {
        var official = Catalog.Find("HRS-2024-2")!;
        var shortRound = official with
        {
            Groups = [.. official.Groups.Select(g => g with
            {
                Measures = [.. g.Measures.Select(m => m with
                {
                    Items = [.. m.Items.Select(i => i.Code == "4.2" ? i with { Rounds = [new ApplicationRound("2025-H1", new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30))] } : i)],
                })],
            })],
        };
        await using var db = Db();
        var checks = new SubmissionChecks(new PolicyCatalog([shortRound]), _eligibility, db, Calendar);

        var lastDay = DateTimeOffset.Parse("2025-06-30T23:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("2025-H1", (await checks.CheckAsync(Content("4.2", "批次内"), lastDay, null, lockOrganization: false, CancellationToken.None)).Round.RoundId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => checks.CheckAsync(Content("4.2", "批次外"), lastDay.AddHours(1), null, lockOrganization: false, CancellationToken.None));
        Assert.Equal("ROUND_CLOSED", Reason(refused));
    }

    [Fact]
    public async Task An_ineligible_organisation_is_refused_with_every_failed_rule()
    {
        _eligibility.Answer = new EligibilityAnswer(true, [new("IN_HUANGPU", "注册地不在黄浦区。", "Not registered in Huangpu."), new("NO_SERIOUS_DISHONESTY", "存在严重失信记录。", "Serious dishonesty record.")]);
        await using var db = Db();
        var refused = await Assert.ThrowsAsync<RpcException>(() => new SubmissionChecks(Catalog, _eligibility, db, Calendar).CheckAsync(Content("4.2", "不符合条件"), Now, null, lockOrganization: false, CancellationToken.None));

        Assert.Equal("NOT_ELIGIBLE", Reason(refused));
        Assert.Equal(["IN_HUANGPU", "NO_SERIOUS_DISHONESTY"], refused.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations.Select(v => v.Type));
    }

    [Fact]
    public async Task Stored_bytes_that_no_longer_match_their_hash_are_refused()
    {
        await using var db = Db();
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        bytes[^1] ^= 0xFF; // damaged at rest
        db.Documents.Add(new StoredDocument { Sha256 = sha, MediaType = "application/pdf", SizeBytes = bytes.Length, Content = bytes, UploadedBy = "applicant-1" });
        await db.SaveChangesAsync();

        var content = Content("4.2", "材料损坏") with { Documents = [new DocumentRef(sha, "损坏.pdf")] };
        var refused = await Assert.ThrowsAsync<RpcException>(() => new SubmissionChecks(Catalog, _eligibility, db, Calendar).CheckAsync(content, Now, null, lockOrganization: false, CancellationToken.None));
        Assert.Equal("DOCUMENT_DAMAGED", Reason(refused));
    }

    [Fact]
    public async Task A_document_refusal_comes_before_the_Registry_answer_and_the_unanswered_call_is_cancelled()
    {
        var waiting = new WaitingEligibility();
        await using var db = Db();
        var content = Content("4.2", "材料未上传") with { Documents = [new DocumentRef(new string('a', 64), "未上传.pdf")] };

        var refused = await Assert.ThrowsAsync<RpcException>(() => new SubmissionChecks(Catalog, waiting, db, Calendar).CheckAsync(content, Now, null, lockOrganization: false, CancellationToken.None));

        Assert.Equal("DOCUMENT_NOT_UPLOADED", Reason(refused));
        Assert.True(waiting.Asked);
        Assert.True(waiting.Cancelled);
    }

    [Fact]
    public async Task A_stored_document_problem_is_named_before_the_organisation_is_found_ineligible()
    {
        _eligibility.Answer = new EligibilityAnswer(true, [new("IN_HUANGPU", "注册地不在黄浦区。", "Not registered in Huangpu.")]);
        await using var db = Db();
        var content = Content("4.2", "两处不符") with { Documents = [new DocumentRef(new string('b', 64), "未上传.pdf")] };

        var refused = await Assert.ThrowsAsync<RpcException>(() => new SubmissionChecks(Catalog, _eligibility, db, Calendar).CheckAsync(content, Now, null, lockOrganization: false, CancellationToken.None));
        Assert.Equal("DOCUMENT_NOT_UPLOADED", Reason(refused));
    }

    [Fact]
    public async Task An_unreachable_Registry_is_Unavailable_never_a_pass()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:9"); // nothing listens on the discard port
        var client = new RegistryEligibilityClient(
            new RegistryService.RegistryServiceClient(channel),
            new ServiceCredentials(new TokenIssuer(new JwtSettings { SigningKey = new string('k', 48) }, TimeProvider.System), new Huangpu.BuildingBlocks.Operations.ServiceIdentity("applications")));
        await using var db = Db();

        var refused = await Assert.ThrowsAsync<RpcException>(() => new SubmissionChecks(Catalog, client, db, Calendar).CheckAsync(Content("4.2", "登记服务不可用"), Now, null, lockOrganization: false, CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal("REGISTRY_UNAVAILABLE", Reason(refused));
    }

    [Fact]
    public async Task An_unanswered_supplement_request_lapses_to_not_accepted_at_its_deadline_once()
    {
        var clock = new FakeTimeProvider(Now);
        Guid id;
        await using (var db = Db())
        {
            var application = Application.Create(Content("4.2", "补正期限"), "HRS-2024-2-R1", draft: false, Applicant, Now);
            application.Lifecycle.RequestSupplement(Officer, Now, ["营业执照副本"], Now.AddDays(5), "缺少材料");
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            id = application.Id;
        }

        await using (var db = Db())
        {
            clock.Advance(TimeSpan.FromDays(5));
            Assert.Equal(0, await new SupplementLapse(db, new PolicyCalendar(clock, Calendar.Zone)).RunOnceAsync(CancellationToken.None)); // at the deadline, not past it
        }

        await using (var db = Db())
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await new SupplementLapse(db, new PolicyCalendar(clock, Calendar.Zone)).RunOnceAsync(CancellationToken.None) >= 1);
        }

        await using (var db = Db())
        {
            var lapsed = await db.Applications.SingleAsync(a => a.Id == id);
            Assert.Equal(ApplicationStatus.NotAccepted, lapsed.Status);
            Assert.Equal(("lapse", "system"), (lapsed.Lifecycle.History[^1].Action, lapsed.Lifecycle.History[^1].Actor));
            var events = await db.OutboxMessages.AsNoTracking().Select(m => m.Body).ToListAsync();
            Assert.Single(events, body => body.Contains(id.ToString(), StringComparison.Ordinal) && body.Contains("\"lapse\"", StringComparison.Ordinal));
            Assert.Equal(0, await new SupplementLapse(db, new PolicyCalendar(clock, Calendar.Zone)).RunOnceAsync(CancellationToken.None));
        }
    }

    [Fact]
    public void Titles_compare_trimmed_collapsed_and_folded_to_half_width()
    {
        Assert.Equal(SameProject.NormalizeTitle("AI 人岗匹配 2025"), SameProject.NormalizeTitle("  ＡＩ　人岗匹配   ２０２５ "));
        Assert.NotEqual(SameProject.NormalizeTitle("人岗匹配一期"), SameProject.NormalizeTitle("人岗匹配二期"));
    }

    private static DateTimeOffset Now { get; } = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private ApplicationContent Content(string item, string title) => new(
        "HRS-2024-2",
        _uscc,
        item,
        title,
        "项目简介",
        new ProjectPeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 12, 31)),
        1_000_000,
        new Declaration("HRS-2024-2/1", "李四", Now),
        [new DocumentRef(_sha, "证书.pdf")]);

    private static string Reason(RpcException ex) => ex.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    private ApplicationsDbContext Db() =>
        new(new DbContextOptionsBuilder<ApplicationsDbContext>().UseNpgsql(postgres.ConnectionStringFor("applications_tests")).Options);

    private sealed class FakeEligibility : IEligibilityClient
    {
        public EligibilityAnswer Answer { get; set; } = new(true, []);

        public Task<EligibilityAnswer> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken) => Task.FromResult(Answer);
    }

    /// <summary>A Registry that never answers: the call ends only when the caller cancels it.</summary>
    private sealed class WaitingEligibility : IEligibilityClient
    {
        public bool Asked { get; private set; }

        public bool Cancelled { get; private set; }

        public async Task<EligibilityAnswer> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken)
        {
            Asked = true;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }

            throw new InvalidOperationException("unreachable");
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Registry.Tests;

/// <summary>The partner feeds against a real PostgreSQL with the Registry's migrations.</summary>
public sealed class FeedProcessorTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly Provenance MarketSupervision = new(DataSource.PartnerFeed, "market_supervision:feed", "partner_bureau");
    private static readonly Provenance CreditBureau = new(DataSource.PartnerFeed, "credit:feed", "partner_bureau");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_feed_of_10000_items_applies_exactly_the_valid_distinct_ones_and_a_resend_changes_nothing()
    {
        var items = new List<FeedItem<RegistrationData>>();
        var expectedApplied = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            if (i % 200 == 7)
            {
                // invalid: reported and skipped whole
                items.Add(new FeedItem<RegistrationData>(i, $"MS-{i}", "NOT-A-CODE", null, [new FieldProblem("uscc", "bad", "无效")], Hash($"MS-{i}")));
            }
            else if (i % 200 == 11)
            {
                // a repeat of the previous item's source record
                var previous = items[^1];
                items.Add(previous with { Index = i });
            }
            else
            {
                var uscc = TestCodes.NewUscc();
                expectedApplied.Add(uscc);
                items.Add(Registration(i, $"MS-{Guid.NewGuid():N}", uscc));
            }
        }

        var (_, outboxBefore, _) = await CountsAsync(expectedApplied);
        IReadOnlyList<FeedItemResult> results;
        await using (var db = Db())
        {
            results = await StageAndCommitAsync(db, items);
        }

        Assert.Equal(10_000, results.Count);
        Assert.Equal(expectedApplied.Count, results.Count(r => r.Outcome == FeedOutcome.Applied));
        Assert.Equal(50, results.Count(r => r.Outcome == FeedOutcome.Invalid));
        Assert.Equal(50, results.Count(r => r.Outcome == FeedOutcome.DuplicateInBatch));
        Assert.All(results.Where(r => r.Outcome == FeedOutcome.Invalid), r => Assert.Contains("uscc", r.Problems[0], StringComparison.Ordinal));

        var (organizations, outbox, history) = await CountsAsync(expectedApplied);
        Assert.Equal(expectedApplied.Count, organizations);
        Assert.Equal(expectedApplied.Count, outbox - outboxBefore);

        await using (var db = Db())
        {
            results = await StageAndCommitAsync(db, items);
        }

        Assert.Equal(expectedApplied.Count, results.Count(r => r.Outcome == FeedOutcome.Unchanged));
        Assert.Equal(0, results.Count(r => r.Outcome == FeedOutcome.Applied));
        Assert.Equal((organizations, outbox, history), await CountsAsync(expectedApplied));
    }

    [Fact]
    public async Task A_changed_record_from_the_same_source_updates_the_organization_with_its_provenance()
    {
        var uscc = TestCodes.NewUscc();
        await using (var db = Db())
        {
            await StageAndCommitAsync(db, [Registration(0, "MS-CHG-1", uscc)]);
        }

        var changed = Registration(0, "MS-CHG-1", uscc, name: "更名后的人力资源有限公司");
        IReadOnlyList<FeedItemResult> results;
        await using (var db = Db())
        {
            results = await StageAndCommitAsync(db, [changed]);
        }

        Assert.Equal(FeedOutcome.Applied, Assert.Single(results).Outcome);
        await using var read = Db();
        var organization = await read.Organizations.SingleAsync(o => o.Uscc == uscc);
        Assert.Equal("更名后的人力资源有限公司", organization.Name);
        Assert.Equal(2, organization.Version);
        var history = await read.FieldChanges.Where(c => c.Uscc == uscc && c.Field == "name").OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal("MS-CHG-1", history[1].SourceRecordId);
        Assert.Equal(DataSource.PartnerFeed, history[1].Source);
    }

    [Fact]
    public async Task A_credit_record_arriving_before_the_organization_registers_applies_when_it_does()
    {
        var uscc = TestCodes.NewUscc();
        await using (var db = Db())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var results = await new FeedProcessor(db).StageCreditRecordsAsync([Credit(0, "CR-EARLY-" + uscc, uscc, new(2026, 3, 1))], CreditBureau, Now, CancellationToken.None);
            Assert.Equal(FeedOutcome.Applied, Assert.Single(results).Outcome);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await using (var db = Db())
        {
            Assert.False(await db.Organizations.AnyAsync(o => o.Uscc == uscc));
            await StageAndCommitAsync(db, [Registration(0, "MS-LATE-" + uscc, uscc)]);
        }

        await using var read = Db();
        var organization = await read.Organizations.SingleAsync(o => o.Uscc == uscc);
        var credit = await read.CreditRecords.Where(c => c.Uscc == uscc).ToListAsync();
        var failed = EligibilityRules.Evaluate(organization.Facts(credit), new DateOnly(2026, 6, 1), new EligibilityOptions());
        Assert.Contains(failed, r => r.Code == EligibilityRules.NoSeriousDishonesty);
        Assert.DoesNotContain(failed, r => r.Code == EligibilityRules.NoSeriousDishonesty && new DateOnly(2026, 2, 28) >= new DateOnly(2026, 3, 1));
        Assert.DoesNotContain(EligibilityRules.Evaluate(organization.Facts(credit), new DateOnly(2026, 2, 28), new EligibilityOptions()), r => r.Code == EligibilityRules.NoSeriousDishonesty);
    }

    [Fact]
    public async Task A_credit_record_resent_unchanged_is_unchanged_and_a_removal_updates_it_and_the_version()
    {
        var uscc = TestCodes.NewUscc();
        await using (var db = Db())
        {
            await StageAndCommitAsync(db, [Registration(0, "MS-CR-" + uscc, uscc)]);
        }

        var id = "CR-" + uscc;
        Assert.Equal(FeedOutcome.Applied, await CreditAsync(Credit(0, id, uscc, new(2026, 3, 1))));
        Assert.Equal(FeedOutcome.Unchanged, await CreditAsync(Credit(0, id, uscc, new(2026, 3, 1))));
        Assert.Equal(FeedOutcome.Applied, await CreditAsync(Credit(0, id, uscc, new(2026, 3, 1), new(2026, 5, 1))));
        Assert.Equal(FeedOutcome.Invalid, await CreditAsync(Credit(0, id, TestCodes.NewUscc(), new(2026, 3, 1))));

        await using var read = Db();
        var organization = await read.Organizations.SingleAsync(o => o.Uscc == uscc);
        Assert.Equal(3, organization.Version);
        Assert.Equal(new DateOnly(2026, 5, 1), (await read.CreditRecords.SingleAsync(c => c.SourceRecordId == id)).RemovedOn);
    }

    private async Task<FeedOutcome> CreditAsync(FeedItem<CreditRecord> item)
    {
        await using var db = Db();
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = (await new FeedProcessor(db).StageCreditRecordsAsync([item], CreditBureau, Now, CancellationToken.None)).Single();
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return result.Outcome;
    }

    private static async Task<IReadOnlyList<FeedItemResult>> StageAndCommitAsync(RegistryDbContext db, IReadOnlyList<FeedItem<RegistrationData>> items)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var results = await new FeedProcessor(db).StageRegistrationRecordsAsync(items, "market_supervision", MarketSupervision, Now, CancellationToken.None);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return results;
    }

    private async Task<(int Organizations, int Outbox, int History)> CountsAsync(IReadOnlyList<string> usccs)
    {
        await using var db = Db();
        var organizations = await db.Organizations.CountAsync(o => usccs.Contains(o.Uscc));
        var outbox = await db.OutboxMessages.CountAsync();
        var history = await db.FieldChanges.CountAsync(c => usccs.Contains(c.Uscc));
        return (organizations, outbox, history);
    }

    private RegistryDbContext Db() =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(postgres.ConnectionStringFor("registry_tests")).Options);

    private static FeedItem<RegistrationData> Registration(int index, string sourceRecordId, string uscc, string name = "上海某某人力资源有限公司") => new(
        index,
        sourceRecordId,
        uscc,
        new RegistrationData(
            new OrganizationPatch
            {
                Name = new(name),
                LegalForm = new(LegalForm.LegalEntity),
                RegisteredDistrictCode = new("310101"),
                RegistrationStatus = new(RegistrationStatus.InBusiness),
            },
            []),
        [],
        Hash($"{sourceRecordId}|{uscc}|{name}"));

    private static FeedItem<CreditRecord> Credit(int index, string id, string uscc, DateOnly listed, DateOnly? removed = null) => new(
        index,
        id,
        uscc,
        new CreditRecord { SourceRecordId = id, Uscc = uscc, Kind = CreditRecordKind.SeriousDishonesty, ListedOn = listed, RemovedOn = removed, Authority = "上海市发展和改革委员会" },
        [],
        Hash($"{id}|{uscc}|{listed}|{removed}"));

    private static byte[] Hash(string content) => SHA256.HashData(Encoding.UTF8.GetBytes(content));
}

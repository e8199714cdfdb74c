using Huangpu.Registry.Domain;
using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Infrastructure;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Registry.Tests;

/// <summary>The links recusal reads: derived from the record, kept with every change, looked up by key.</summary>
public sealed class OrganizationLinkTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly Provenance Officer = new(DataSource.Officer, "officer-1", "case_officer");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Organisations_sharing_a_person_an_address_or_a_shareholding_are_linked_with_the_reason_and_the_hash_stays_inside()
    {
        var person = $"hash-{Guid.NewGuid():N}";
        var manager = $"hash-{Guid.NewGuid():N}";
        var (applicant, sharesRepresentative, sharesManager, sameAddress, parent, stranger) =
            (TestCodes.NewUscc(), TestCodes.NewUscc(), TestCodes.NewUscc(), TestCodes.NewUscc(), TestCodes.NewUscc(), TestCodes.NewUscc());
        var address = $"上海市黄浦区淮海中路{Random.Shared.Next(1000, 9999)}号";
        await using (var db = Db())
        {
            db.Organizations.AddRange(
                Register(applicant, new OrganizationPatch
                {
                    Name = new("申报单位"),
                    RegisteredAddress = new(address),
                    LegalRepresentative = new(new Person("张三", null, person)),
                    SeniorManagers = new([new Person("李四", null, manager)]),
                    Shareholders = new([new Person("母公司", parent, null)]),
                }),
                // The applicant's legal representative is this one's shareholder: one person, two roles.
                Register(sharesRepresentative, new OrganizationPatch { Name = new("甲"), Shareholders = new([new Person("张三", null, person)]) }),
                Register(sharesManager, new OrganizationPatch { Name = new("乙"), SeniorManagers = new([new Person("李四", null, manager)]) }),
                // The same address written with stray spaces.
                Register(sameAddress, new OrganizationPatch { Name = new("丙"), RegisteredAddress = new(" " + address.Replace("号", " 号", StringComparison.Ordinal)) }),
                Register(parent, new OrganizationPatch { Name = new("母公司") }),
                Register(stranger, new OrganizationPatch { Name = new("无关"), RegisteredAddress = new("上海市徐汇区某路1号") }));
            await db.SaveChangesAsync();
        }

        await using (var db = Db())
        {
            var links = (await new OrganizationLinkQuery(db).FindAsync(applicant, CancellationToken.None))!.ToDictionary(l => l.Uscc, l => l.Reasons);
            Assert.Equal(["SHARED_LEGAL_REPRESENTATIVE"], links[sharesRepresentative]);
            Assert.Equal(["SHARED_SENIOR_MANAGER"], links[sharesManager]);
            Assert.Equal(["SHARED_REGISTERED_ADDRESS"], links[sameAddress]);
            Assert.Equal(["SHAREHOLDING"], links[parent]);
            Assert.False(links.ContainsKey(stranger));
            Assert.False(links.ContainsKey(applicant));
            Assert.DoesNotContain(links.Values.SelectMany(r => r), r => r.Contains("hash", StringComparison.Ordinal));
        }

        // A change of the record changes its links: the shared manager leaves.
        await using (var db = Db())
        {
            var organization = await db.Organizations.SingleAsync(o => o.Uscc == sharesManager);
            organization.Apply(new OrganizationPatch { SeniorManagers = new([]) }, Officer, Now);
            await db.SaveChangesAsync();
        }

        await using (var db = Db())
        {
            var links = await new OrganizationLinkQuery(db).FindAsync(applicant, CancellationToken.None);
            Assert.DoesNotContain(links!, l => l.Uscc == sharesManager);
            Assert.Null(await new OrganizationLinkQuery(db).FindAsync(TestCodes.NewUscc(), CancellationToken.None));
        }
    }

    private static Organization Register(string uscc, OrganizationPatch patch) => Organization.Register(uscc, patch, Officer, [], Now);

    private RegistryDbContext Db() =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(postgres.ConnectionStringFor("registry_links")).Options);
}

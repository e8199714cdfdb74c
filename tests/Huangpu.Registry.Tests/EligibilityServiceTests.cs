using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.Registry.Tests;

/// <summary>Eligibility through the cache, against a real PostgreSQL with the Registry's migrations and HybridCache in memory.</summary>
public sealed class EligibilityServiceTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Database = "registry_eligibility";
    private static readonly Provenance Officer = new(DataSource.Officer, "officer-1", "case_officer");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly AsOf = new(2026, 6, 1);
    private readonly OrganizationVersions _versions = new();
    private int _contextsCreated;

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        _versions.Listening(); // no listener here: this process's own commits move the table
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cached_answer_is_served_without_a_database_context()
    {
        await using var services = Services();
        var uscc = await RegisterAsync();
        var eligibility = services.GetRequiredService<EligibilityService>();

        var first = await eligibility.CheckAsync(uscc, AsOf, CancellationToken.None);
        var contextsAfterFirst = _contextsCreated;
        var second = await eligibility.CheckAsync(uscc, AsOf, CancellationToken.None);

        Assert.NotNull(first);
        Assert.True(contextsAfterFirst >= 1, "the first answer is evaluated from the database");
        Assert.Same(first, second);
        Assert.Equal(contextsAfterFirst, _contextsCreated);
    }

    [Fact]
    public async Task A_committed_change_is_evaluated_again_under_the_new_version()
    {
        await using var services = Services();
        var uscc = await RegisterAsync();
        var eligibility = services.GetRequiredService<EligibilityService>();

        var before = await eligibility.CheckAsync(uscc, AsOf, CancellationToken.None);
        await using (var db = NewContext())
        {
            var organization = await db.Organizations.SingleAsync(o => o.Uscc == uscc);
            organization.Apply(new OrganizationPatch { RegisteredDistrictCode = new("310104") }, Officer, Now);
            await db.SaveChangesAsync();
        }

        var after = await eligibility.CheckAsync(uscc, AsOf, CancellationToken.None);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.DoesNotContain(before.FailedRules, r => r.Code == EligibilityRules.InHuangpu);
        Assert.Contains(after.FailedRules, r => r.Code == EligibilityRules.InHuangpu);
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task An_unknown_organisation_has_no_answer()
    {
        await using var services = Services();
        var eligibility = services.GetRequiredService<EligibilityService>();

        Assert.Null(await eligibility.CheckAsync(TestCodes.NewUscc(), AsOf, CancellationToken.None));
    }

    /// <summary>The Registry's registrations, with a DbContext that counts how often one is made.</summary>
    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddScoped(_ =>
        {
            Interlocked.Increment(ref _contextsCreated);
            return NewContext();
        });
        services.AddSingleton(_versions);
        services.AddOptions<EligibilityOptions>();
        services.AddHybridCache();
        services.AddSingleton<EligibilityService>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private async Task<string> RegisterAsync()
    {
        var uscc = TestCodes.NewUscc();
        await using var db = NewContext();
        db.Organizations.Add(Organization.Register(
            uscc,
            new OrganizationPatch
            {
                Name = new("上海某某人力资源有限公司"),
                LegalForm = new(LegalForm.LegalEntity),
                RegisteredDistrictCode = new("310101"),
                RegistrationStatus = new(RegistrationStatus.InBusiness),
            },
            Officer,
            [],
            Now));
        await db.SaveChangesAsync();
        return uscc;
    }

    private RegistryDbContext NewContext() => new(new DbContextOptionsBuilder<RegistryDbContext>()
        .UseNpgsql(postgres.ConnectionStringFor(Database))
        .AddInterceptors(new OrganizationVersionInterceptor(_versions))
        .Options);
}

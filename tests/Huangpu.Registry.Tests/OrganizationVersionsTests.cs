using Huangpu.Registry.Eligibility;
using Huangpu.Registry.Feeds;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Huangpu.Registry.Tests;

/// <summary>The in-process version table: trusted only while listening, never moving backwards, never ahead of a commit.</summary>
public sealed class OrganizationVersionsTests
{
    [Fact]
    public void Nothing_is_known_before_the_listener_holds_its_listen()
    {
        var versions = new OrganizationVersions();
        versions.Committed("A", 3);
        versions.Remember("A", 3, versions.Epoch);
        Assert.False(versions.TryGet("A", out _));
    }

    [Fact]
    public void Versions_only_move_forward()
    {
        var versions = new OrganizationVersions();
        versions.Listening();
        versions.Committed("A", 5);
        versions.Remember("A", 4, versions.Epoch);
        versions.Committed("A", 3);
        Assert.True(versions.TryGet("A", out var version));
        Assert.Equal(5, version);
    }

    [Fact]
    public void Losing_the_listener_forgets_everything_and_a_read_from_before_is_not_kept()
    {
        var versions = new OrganizationVersions();
        versions.Listening();
        versions.Committed("A", 5);
        var epochOfARead = versions.Epoch;

        versions.Lost();
        Assert.False(versions.TryGet("A", out _));

        versions.Listening();
        Assert.False(versions.TryGet("A", out _));
        versions.Remember("A", 5, epochOfARead); // read before the loss: a notification may have been missed since
        Assert.False(versions.TryGet("A", out _));
        versions.Remember("A", 6, versions.Epoch);
        Assert.True(versions.TryGet("A", out var version));
        Assert.Equal(6, version);
    }
}

/// <summary>The trigger, the listener and the commit interceptor against a real PostgreSQL with the Registry's migrations.</summary>
public sealed class OrganizationVersionTrackingTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly Provenance Officer = new(DataSource.Officer, "officer-1", "case_officer");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly OrganizationVersions _versions = new();

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_commit_by_another_writer_reaches_the_table_through_the_notification()
    {
        await using var services = Services();
        using var listener = new OrganizationVersionListener(
            services.GetRequiredService<IServiceScopeFactory>(), _versions, TimeProvider.System, NullLogger<OrganizationVersionListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _versions.IsLive);

        var uscc = TestCodes.NewUscc();
        await using (var db = Db(withInterceptor: false))
        {
            db.Organizations.Add(Organization.Register(uscc, new OrganizationPatch { Name = new("上海某某人力资源有限公司") }, Officer, [], Now));
            await db.SaveChangesAsync();
        }

        await WaitUntilAsync(() => _versions.TryGet(uscc, out var v) && v == 1);

        // A raw update by some other process, inside a transaction: announced only once it commits.
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor("registry_versions"));
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var update = new NpgsqlCommand("UPDATE organizations SET version = 7 WHERE uscc = @u", connection, tx);
            update.Parameters.AddWithValue("u", uscc);
            await update.ExecuteNonQueryAsync();
            await Task.Delay(300);
            Assert.True(_versions.TryGet(uscc, out var before));
            Assert.Equal(1, before);
            await tx.CommitAsync();
        }

        await WaitUntilAsync(() => _versions.TryGet(uscc, out var v) && v == 7);
        await listener.StopAsync(CancellationToken.None);
        Assert.False(_versions.IsLive);
    }

    [Fact]
    public async Task This_process_sees_its_own_change_once_committed_and_never_a_rolled_back_one()
    {
        _versions.Listening(); // no listener here: only the interceptor can move the table
        var uscc = TestCodes.NewUscc();
        await using (var db = Db())
        {
            db.Organizations.Add(Organization.Register(uscc, new OrganizationPatch { Name = new("上海某某人力资源有限公司") }, Officer, [], Now));
            await db.SaveChangesAsync(); // its own transaction: committed when SaveChanges returns
        }

        Assert.True(_versions.TryGet(uscc, out var registered));
        Assert.Equal(1, registered);

        await using (var db = Db())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var organization = await db.Organizations.SingleAsync(o => o.Uscc == uscc);
            organization.Apply(new OrganizationPatch { Name = new("上海另一人力资源有限公司") }, Officer, Now);
            await db.SaveChangesAsync();
            Assert.True(_versions.TryGet(uscc, out var beforeCommit));
            Assert.Equal(1, beforeCommit);
            await tx.RollbackAsync();
        }

        Assert.True(_versions.TryGet(uscc, out var afterRollback));
        Assert.Equal(1, afterRollback);

        await using (var db = Db())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var organization = await db.Organizations.SingleAsync(o => o.Uscc == uscc);
            organization.Apply(new OrganizationPatch { Name = new("上海另一人力资源有限公司") }, Officer, Now);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        Assert.True(_versions.TryGet(uscc, out var afterCommit));
        Assert.Equal(2, afterCommit);
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDbContext<RegistryDbContext>(o => o.UseNpgsql(postgres.ConnectionStringFor("registry_versions")));
        return services.BuildServiceProvider();
    }

    private RegistryDbContext Db(bool withInterceptor = true)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql(postgres.ConnectionStringFor("registry_versions"));
        if (withInterceptor)
        {
            options.AddInterceptors(new OrganizationVersionInterceptor(_versions));
        }

        return new RegistryDbContext(options.Options);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }
}

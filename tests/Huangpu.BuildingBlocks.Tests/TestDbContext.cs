using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class Effect
{
    public int Id { get; set; }

    public required string Note { get; set; }
}

/// <summary>A service database reduced to one table of effects beside the building blocks' tables.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    public static TestDbContext Create(string connectionString, OutboxSignal? signal = null)
    {
        var builder = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString);
        if (signal is not null)
        {
            builder.AddInterceptors(new OutboxSignalInterceptor(signal));
        }

        return new TestDbContext(builder.Options);
    }

    protected override void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Effect>(e => e.ToTable("effects"));
}

[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<Huangpu.Testing.PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>A test class on the shared PostgreSQL server, with the test schema in place before its first test.</summary>
public abstract class TestDatabaseTests(Huangpu.Testing.PostgresServer postgres) : IAsyncLifetime
{
    protected string ConnectionString => postgres.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var db = TestDbContext.Create(postgres.ConnectionString);
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Huangpu.BuildingBlocks.Tests;

[Collection(PostgresTestGroup.Name)]
public sealed class PlatformDbContextTests(Huangpu.Testing.PostgresServer postgres) : TestDatabaseTests(postgres)
{
    [Theory]
    [InlineData(typeof(Huangpu.BuildingBlocks.Persistence.OutboxMessage), "MessageId", "message_id")]
    [InlineData(typeof(Huangpu.BuildingBlocks.Persistence.OutboxMessage), "DeadLetteredAt", "dead_lettered_at")]
    [InlineData(typeof(Huangpu.BuildingBlocks.Persistence.InboxState), "ReceivedAt", "received_at")]
    [InlineData(typeof(Effect), "Note", "note")]
    public void Columns_are_snake_case_whoever_built_the_options(Type entity, string property, string column)
    {
        // Options built without the service's wiring, as tests and the design-time factories build them.
        using var db = new TestDbContext(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql("Host=localhost").Options);
        Assert.Equal(column, db.Model.FindEntityType(entity)!.FindProperty(property)!.GetColumnName());
    }

    [Fact]
    public async Task A_save_inside_a_transaction_sends_its_statements_and_no_savepoint()
    {
        var commands = new CommandLog();
        var savepoints = new SavepointCounter();
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(ConnectionString).AddInterceptors(commands, savepoints).Options;
        var note = $"no-savepoint-{Guid.NewGuid():N}";
        await using (var db = new TestDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Note = note });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Contains(commands.Texts, text => text.Contains("INSERT INTO effects", StringComparison.Ordinal));
        Assert.Equal(0, savepoints.Created);
        await using var check = TestDbContext.Create(ConnectionString);
        Assert.Equal(1, await check.Effects.CountAsync(e => e.Note == note));
    }

    [Fact]
    public async Task A_pooled_context_handed_out_again_still_makes_no_savepoints()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(ConnectionString).Options;
        var factory = new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<TestDbContext>(options, poolSize: 1);
        await using (var first = await factory.CreateDbContextAsync())
        {
            first.Database.AutoSavepointsEnabled = true; // whatever a user of the context did
        }

        await using var second = await factory.CreateDbContextAsync();
        Assert.False(second.Database.AutoSavepointsEnabled);
    }

    [Fact]
    public async Task A_failed_save_inside_a_transaction_leaves_nothing_once_the_transaction_ends()
    {
        var note = $"rolled-back-{Guid.NewGuid():N}";
        await using (var db = TestDbContext.Create(ConnectionString))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Note = note });
            await db.SaveChangesAsync();
            var existing = await db.Effects.AsNoTracking().SingleAsync(e => e.Note == note);
            db.ChangeTracker.Clear();
            db.Effects.Add(new Effect { Id = existing.Id, Note = "duplicate key" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = TestDbContext.Create(ConnectionString);
        Assert.Equal(0, await check.Effects.CountAsync(e => e.Note == note));
    }

    private sealed class SavepointCounter : DbTransactionInterceptor
    {
        private int _created;

        public int Created => _created;

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return base.CreatingSavepointAsync(transaction, eventData, result, cancellationToken);
        }
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyCollection<string> Texts => _texts;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

[Collection(PostgresTestGroup.Name)]
public sealed class MigrationsHistoryTests(Huangpu.Testing.PostgresServer postgres)
{
    [Fact]
    public async Task A_database_migrated_before_snake_case_names_gets_its_history_columns_renamed_once()
    {
        await using var db = TestDbContext.Create(postgres.ConnectionStringFor("history_upgrade"));
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL);
            INSERT INTO "__EFMigrationsHistory" VALUES ('20261128135614_Initial', '10.0.15');
            """);

        await Huangpu.BuildingBlocks.Hosting.PlatformServiceExtensions.RenameMigrationsHistoryColumnsAsync(db, CancellationToken.None);
        await Huangpu.BuildingBlocks.Hosting.PlatformServiceExtensions.RenameMigrationsHistoryColumnsAsync(db, CancellationToken.None);

        var columns = await db.Database.SqlQueryRaw<string>(
            "SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = '__EFMigrationsHistory' ORDER BY column_name").ToListAsync();
        Assert.Equal(["migration_id", "product_version"], columns);
        Assert.Equal(["20261128135614_Initial"], await db.Database.SqlQueryRaw<string>("SELECT migration_id AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync());
    }
}

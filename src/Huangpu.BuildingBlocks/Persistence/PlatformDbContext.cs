using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>
/// Base of every service's DbContext: the outbox, inbox and idempotency tables live beside the service's
/// own tables so that a state change, its events and its idempotency record commit in one transaction.
/// </summary>
public abstract class PlatformDbContext : DbContext
{
    protected PlatformDbContext(DbContextOptions options)
        : base(options)
    {
        // Writes run in explicit transactions that are rolled back whole when a save fails (nothing catches a
        // failed save and carries on in the same transaction), so the savepoint EF Core would otherwise create
        // and release around every SaveChanges in a transaction is two round trips that buy nothing.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxState> InboxStates => Set<InboxState>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.MessageType).HasMaxLength(300);
            e.Property(m => m.Body).HasColumnType("jsonb");
            e.Property(m => m.TraceParent).HasMaxLength(64);
            // The dispatcher reads only what is still to be sent; operations read the dead letters.
            e.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL AND dead_lettered_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
            e.HasIndex(m => m.DeadLetteredAt).HasFilter("dead_lettered_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_dead_lettered");
        });
        modelBuilder.Entity<InboxState>(e =>
        {
            e.ToTable("inbox_state");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(m => new { m.Scope, m.Key });
            e.Property(m => m.Scope).HasMaxLength(400);
            e.Property(m => m.Key).HasMaxLength(200);
            e.HasIndex(m => m.CreatedAt);
        });

        ConfigureModel(modelBuilder);
    }

    /// <summary>
    /// Tables, columns, keys and indexes in snake_case, whoever builds the options: the services' pooled
    /// contexts have it in their options already (a pooled context may not change them here); tests, the
    /// outbox dispatcher's own contexts and the design-time factories get it here.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<EFCore.NamingConventions.Internal.NamingConventionsOptionsExtension>() is null)
        {
            optionsBuilder.UseSnakeCaseNamingConvention();
        }
    }

    /// <summary>The service's own model.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
            // The dispatcher reads only what is still to be sent.
            e.HasIndex(m => m.Sequence).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
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
        UseSnakeCaseColumns(modelBuilder);
    }

    /// <summary>The service's own model.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // A name the model gave explicitly (e.g. an owned type sharing its owner's row) stays.
                if (((IConventionProperty)property).GetColumnNameConfigurationSource() != ConfigurationSource.Explicit)
                {
                    property.SetColumnName(ToSnakeCase(property.Name));
                }
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

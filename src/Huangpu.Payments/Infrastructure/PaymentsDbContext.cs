using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Payments.Infrastructure;

/// <summary>The Payments database: budgets, the append-only ledger and the awards' commitments.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Budget> Budgets => Set<Budget>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Commitment> Commitments => Set<Commitment>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Budget>(e =>
        {
            e.ToTable("budgets");
            e.HasKey(b => b.Year);
            e.Property(b => b.Year).ValueGeneratedNever();
            e.Property(b => b.Groups).AsJson();
            e.Property(b => b.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<LedgerEntry>(e =>
        {
            // Append-only: a trigger refuses every UPDATE and DELETE (migration LedgerAppendOnly).
            e.ToTable("ledger_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            e.Property(x => x.Account).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.GroupCode).HasMaxLength(10);
            e.Property(x => x.ItemCode).HasMaxLength(10);
            e.Property(x => x.OrganizationUscc).HasMaxLength(18);
            e.Property(x => x.Memo).HasMaxLength(500);
            e.HasIndex(x => new { x.Year, x.Account });
            e.HasIndex(x => x.ApplicationId);
        });

        modelBuilder.Entity<Commitment>(e =>
        {
            e.ToTable("commitments");
            e.HasKey(c => c.ApplicationId);
            e.Property(c => c.PolicyId).HasMaxLength(50);
            e.Property(c => c.GroupCode).HasMaxLength(10);
            e.Property(c => c.ItemCode).HasMaxLength(10);
            e.Property(c => c.OrganizationUscc).HasMaxLength(18);
            e.Ignore(c => c.Dimensions);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class PaymentsDbContextFactory : IDesignTimeDbContextFactory<PaymentsDbContext>
{
    public PaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql("Host=localhost;Database=payments").Options);
}

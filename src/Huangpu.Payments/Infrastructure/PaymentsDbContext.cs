using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Payments.Infrastructure;

/// <summary>The Payments database: budgets, the append-only ledger, commitments, payment orders and their treasury instructions, receivables and reconciliations.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Budget> Budgets => Set<Budget>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Commitment> Commitments => Set<Commitment>();

    public DbSet<PaymentOrder> PaymentOrders => Set<PaymentOrder>();

    public DbSet<TreasuryInstruction> TreasuryInstructions => Set<TreasuryInstruction>();

    public DbSet<Receivable> Receivables => Set<Receivable>();

    public DbSet<Reconciliation> Reconciliations => Set<Reconciliation>();

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

        modelBuilder.Entity<PaymentOrder>(e =>
        {
            e.ToTable("payment_orders");
            e.HasKey(o => o.Id);
            // One order per award, whatever is delivered twice.
            e.HasIndex(o => o.ApplicationId).IsUnique();
            e.Property(o => o.OrganizationUscc).HasMaxLength(18);
            e.Property(o => o.PolicyId).HasMaxLength(50);
            e.Property(o => o.ItemCode).HasMaxLength(10);
            e.Property(o => o.GroupCode).HasMaxLength(10);
            e.Property(o => o.PayeeAccount).HasMaxLength(64);
            e.Property(o => o.TreasuryReference).HasMaxLength(64);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.PreviousInstructionIds).AsJson();
            e.Property(o => o.Reasons).AsJson();
            e.Ignore(o => o.PayableFen);
            e.Ignore(o => o.IsUnpaid);
            e.Ignore(o => o.Dimensions);
            e.HasIndex(o => new { o.Status, o.Id });
            e.HasIndex(o => o.OrganizationUscc);
            e.HasIndex(o => o.InstructionId).IsUnique();
        });

        modelBuilder.Entity<TreasuryInstruction>(e =>
        {
            e.ToTable("treasury_instructions");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.PayeeUscc).HasMaxLength(18);
            e.Property(i => i.PayeeAccount).HasMaxLength(64);
            e.Property(i => i.TreasuryReference).HasMaxLength(64);
            e.Property(i => i.Reason).HasMaxLength(500);
            e.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(i => i.PaymentId);
            e.HasIndex(i => i.SettledAt);
        });

        modelBuilder.Entity<Receivable>(e =>
        {
            e.ToTable("receivables");
            e.HasKey(r => r.Id);
            // One receivable per clawback order, whatever is delivered twice.
            e.HasIndex(r => r.CaseId).IsUnique();
            e.HasIndex(r => r.OrganizationUscc);
            e.Property(r => r.OrganizationUscc).HasMaxLength(18);
            e.Property(r => r.GroupCode).HasMaxLength(10);
            e.Property(r => r.ItemCode).HasMaxLength(10);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.LegalBasis).HasMaxLength(200);
            e.Property(r => r.Evidence).HasMaxLength(2000);
            e.Property(r => r.WriteOffProposedBy).HasMaxLength(200);
            e.Property(r => r.WriteOffReason).HasMaxLength(500);
            e.Ignore(r => r.OutstandingFen);
            e.Ignore(r => r.Dimensions);
        });

        modelBuilder.Entity<Reconciliation>(e =>
        {
            e.ToTable("reconciliations");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.Date);
            e.Property(r => r.By).HasMaxLength(200);
            e.Property(r => r.Differences).AsJson();
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class PaymentsDbContextFactory : IDesignTimeDbContextFactory<PaymentsDbContext>
{
    public PaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaymentsDbContext>().UseNpgsql("Host=localhost;Database=payments").Options);
}

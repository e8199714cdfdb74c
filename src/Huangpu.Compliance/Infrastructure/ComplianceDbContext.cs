using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Compliance.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Compliance.Infrastructure;

public sealed class ComplianceDbContext(DbContextOptions<ComplianceDbContext> options) : PlatformDbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ComplianceCase> Cases => Set<ComplianceCase>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(a => a.Subjects).HasMethod("gin");
            e.Property(a => a.EventType).HasMaxLength(200);
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.ActorRole).HasMaxLength(50);
            // Text, not jsonb: the hash covers the exact characters.
            e.Property(a => a.DataJson).HasColumnType("text");
            e.Property(a => a.Hash).HasMaxLength(64);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
        });

        modelBuilder.Entity<ComplianceCase>(e =>
        {
            e.ToTable("cases");
            e.HasKey(c => c.Id);
            e.HasIndex(c => c.ApplicationId);
            e.HasIndex(c => c.OrganizationUscc);
            e.Property(c => c.OrganizationUscc).HasMaxLength(18);
            e.Property(c => c.Summary).HasMaxLength(2000);
            e.Property(c => c.Evidence).HasMaxLength(2000);
            e.Property(c => c.ProposedBy).HasMaxLength(200);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Finding).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.History).AsJson();
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ComplianceDbContextFactory : IDesignTimeDbContextFactory<ComplianceDbContext>
{
    public ComplianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql("Host=localhost;Database=compliance").Options);
}

using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Compliance.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Compliance.Infrastructure;

public sealed class ComplianceDbContext(DbContextOptions<ComplianceDbContext> options) : PlatformDbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

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
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ComplianceDbContextFactory : IDesignTimeDbContextFactory<ComplianceDbContext>
{
    public ComplianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql("Host=localhost;Database=compliance").Options);
}

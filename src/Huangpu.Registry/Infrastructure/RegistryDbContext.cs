using System.Text.Json;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Registry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Huangpu.Registry.Infrastructure;

/// <summary>A partner feed's record already applied: (bureau, source record id) with the hash of its content.</summary>
public sealed class FeedReceipt
{
    public required string Bureau { get; set; }

    public required string SourceRecordId { get; set; }

    public required byte[] ContentHash { get; set; }

    public required string Uscc { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<FieldChange> FieldChanges => Set<FieldChange>();

    public DbSet<CreditRecord> CreditRecords => Set<CreditRecord>();

    public DbSet<FeedReceipt> FeedReceipts => Set<FeedReceipt>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.HasKey(o => o.Uscc);
            e.Property(o => o.Uscc).HasMaxLength(18);
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.RegisteredAddress).HasMaxLength(500);
            e.Property(o => o.RegisteredDistrictCode).HasMaxLength(6);
            e.Property(o => o.TaxDistrictCode).HasMaxLength(6);
            e.Property(o => o.CreatedBy).HasMaxLength(200);
            e.Property(o => o.IndustryDirectionJudgedBy).HasMaxLength(200);
            e.Property(o => o.Version).IsConcurrencyToken();
            e.Property(o => o.HrLicence).AsJson();
            e.Property(o => o.HrFiling).AsJson();
            e.Property(o => o.LabourDispatchLicence).AsJson();
            e.Property(o => o.LegalRepresentative).AsJson();
            e.Property(o => o.Shareholders).AsJson();
            e.Property(o => o.SeniorManagers).AsJson();
            e.Property(o => o.Contact).AsJson();
            e.Property(o => o.AbnormalListings).AsJson();
            e.Ignore(o => o.Qualifications);
            e.OwnsMany(o => o.LinkKeys, k =>
            {
                k.ToTable("organization_link_keys");
                k.WithOwner().HasForeignKey("Uscc");
                k.Property<string>("Uscc").HasMaxLength(18);
                k.HasKey("Uscc", nameof(OrganizationLinkKey.Key), nameof(OrganizationLinkKey.Role));
                k.Property(x => x.Key).HasMaxLength(300);
                k.Property(x => x.Role).HasConversion<string>().HasMaxLength(30);
                // Recusal looks up who else holds a key: one index probe per key of the applicant.
                k.HasIndex(x => x.Key);
            });
            e.HasMany(o => o.Changes).WithOne().HasForeignKey(c => c.Uscc);
        });
        modelBuilder.Entity<FieldChange>(e =>
        {
            e.ToTable("field_changes");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).UseIdentityAlwaysColumn();
            e.HasIndex(c => new { c.Uscc, c.Id });
            e.Property(c => c.Field).HasMaxLength(200);
            e.Property(c => c.Actor).HasMaxLength(200);
            e.Property(c => c.ActorRole).HasMaxLength(50);
            e.Property(c => c.SourceRecordId).HasMaxLength(200);
        });
        modelBuilder.Entity<CreditRecord>(e =>
        {
            e.ToTable("credit_records");
            e.HasKey(c => c.SourceRecordId);
            e.Property(c => c.SourceRecordId).HasMaxLength(200);
            // No foreign key: a record may arrive before its organisation registers.
            e.HasIndex(c => c.Uscc);
            e.Property(c => c.Uscc).HasMaxLength(18);
            e.Property(c => c.Authority).HasMaxLength(200);
            e.Property(c => c.DocumentNumber).HasMaxLength(200);
        });
        modelBuilder.Entity<FeedReceipt>(e =>
        {
            e.ToTable("feed_receipts");
            e.HasKey(r => new { r.Bureau, r.SourceRecordId });
            e.Property(r => r.Bureau).HasMaxLength(50);
            e.Property(r => r.SourceRecordId).HasMaxLength(200);
            e.Property(r => r.Uscc).HasMaxLength(18);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class RegistryDbContextFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql("Host=localhost;Database=registry").Options);
}

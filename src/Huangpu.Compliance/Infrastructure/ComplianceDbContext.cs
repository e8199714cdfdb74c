using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Risk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Compliance.Infrastructure;

public sealed class ComplianceDbContext(DbContextOptions<ComplianceDbContext> options) : PlatformDbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ComplianceCase> Cases => Set<ComplianceCase>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<WatchedAward> WatchedAwards => Set<WatchedAward>();

    public DbSet<WatchedListing> WatchedListings => Set<WatchedListing>();

    public DbSet<WatchedApplication> WatchedApplications => Set<WatchedApplication>();

    public DbSet<WatchedDocument> WatchedDocuments => Set<WatchedDocument>();

    public DbSet<WatchedScore> WatchedScores => Set<WatchedScore>();

    public DbSet<WatchedExpert> WatchedExperts => Set<WatchedExpert>();

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
            // Rows written before content digests keep version 1 (the column's default when it was added).
            e.Property(a => a.HashVersion).HasDefaultValue((short)1).HasSentinel((short)0);
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

        modelBuilder.Entity<Alert>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(a => a.Id);
            // Once per rule and subject, whatever is delivered twice.
            e.HasIndex(a => new { a.RuleId, a.Subject }).IsUnique();
            e.HasIndex(a => a.OrganizationUscc);
            e.Property(a => a.RuleId).HasMaxLength(50);
            e.Property(a => a.Subject).HasMaxLength(200);
            e.Property(a => a.OrganizationUscc).HasMaxLength(18);
            e.Property(a => a.Summary).HasMaxLength(1000);
            e.Property(a => a.EvidenceMessageIds).AsJson();
        });

        modelBuilder.Entity<Inspection>(e =>
        {
            e.ToTable("inspections");
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.OrganizationUscc);
            e.HasIndex(i => i.FollowUpDue).HasFilter("follow_up_done_on IS NULL");
            e.Property(i => i.OrganizationUscc).HasMaxLength(18);
            e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Inspectors).AsJson();
            e.Property(i => i.Findings).HasMaxLength(2000);
            e.Property(i => i.FollowUpNote).HasMaxLength(2000);
            e.Property(i => i.RecordedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<WatchedAward>(e =>
        {
            e.ToTable("risk_watched_awards");
            e.HasKey(a => a.ApplicationId);
            e.HasIndex(a => a.OrganizationUscc);
            e.Property(a => a.OrganizationUscc).HasMaxLength(18);
        });

        modelBuilder.Entity<WatchedListing>(e =>
        {
            e.ToTable("risk_watched_listings");
            e.HasKey(l => l.SourceRecordId);
            e.HasIndex(l => l.OrganizationUscc);
            e.Property(l => l.SourceRecordId).HasMaxLength(100);
            e.Property(l => l.OrganizationUscc).HasMaxLength(18);
        });

        modelBuilder.Entity<WatchedApplication>(e =>
        {
            e.ToTable("risk_watched_applications");
            e.HasKey(a => a.ApplicationId);
            e.Property(a => a.OrganizationUscc).HasMaxLength(18);
            e.Property(a => a.PolicyId).HasMaxLength(50);
            e.Property(a => a.ItemCode).HasMaxLength(20);
        });

        modelBuilder.Entity<WatchedDocument>(e =>
        {
            e.ToTable("risk_watched_documents");
            e.HasKey(d => new { d.Sha256, d.ApplicationId });
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.OrganizationUscc).HasMaxLength(18);
        });

        modelBuilder.Entity<WatchedScore>(e =>
        {
            e.ToTable("risk_watched_scores");
            e.HasKey(s => new { s.ExpertId, s.ApplicationId });
            e.Property(s => s.ExpertId).HasMaxLength(64);
            e.Property(s => s.OrganizationUscc).HasMaxLength(18);
        });

        modelBuilder.Entity<WatchedExpert>(e =>
        {
            e.ToTable("risk_watched_experts");
            e.HasKey(x => x.ExpertId);
            e.Property(x => x.ExpertId).HasMaxLength(64);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ComplianceDbContextFactory : IDesignTimeDbContextFactory<ComplianceDbContext>
{
    public ComplianceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql("Host=localhost;Database=compliance").Options);
}

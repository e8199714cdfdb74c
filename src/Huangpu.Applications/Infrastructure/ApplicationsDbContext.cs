using Huangpu.Applications.Documents;
using Huangpu.Applications.Domain;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Applications.Infrastructure;

/// <summary>A city Bole award (伯乐奖) as the city HR bureau reported it; idempotent on its source record id.</summary>
public sealed class CityAwardRecord
{
    public required string SourceRecordId { get; set; }

    public required string OrganizationUscc { get; set; }

    public long AwardFen { get; set; }

    public string AwardYear { get; set; } = string.Empty;

    public string DocumentNumber { get; set; } = string.Empty;

    /// <summary>The application created for it, when the winner was eligible.</summary>
    public Guid? ApplicationId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The Applications database: applications with their lifecycle, evidence documents and city awards.</summary>
public sealed class ApplicationsDbContext(DbContextOptions<ApplicationsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<CityAwardRecord> CityAwards => Set<CityAwardRecord>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<NoticeEntry> NoticeEntries => Set<NoticeEntry>();

    public DbSet<Objection> Objections => Set<Objection>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredDocument>(e =>
        {
            e.ToTable("documents");
            e.HasKey(d => d.Sha256);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.MediaType).HasMaxLength(100);
            e.Property(d => d.UploadedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<Application>(e =>
        {
            e.ToTable("applications");
            e.HasKey(a => a.Id);
            e.Property(a => a.PolicyId).HasMaxLength(50);
            e.Property(a => a.OrganizationUscc).HasMaxLength(18);
            e.Property(a => a.ItemCode).HasMaxLength(10);
            e.Property(a => a.RoundId).HasMaxLength(100);
            e.Property(a => a.Title).HasMaxLength(200);
            e.Property(a => a.NormalizedTitle).HasMaxLength(200);
            e.Property(a => a.Summary).HasMaxLength(4000);
            e.Property(a => a.CityAwardRecordId).HasMaxLength(100);
            e.Property(a => a.ProjectPeriod).AsJson();
            e.Property(a => a.Declaration).AsJson();
            e.Property(a => a.Documents).AsJson();
            e.Ignore(a => a.Status);
            e.Ignore(a => a.Version);
            e.Ignore(a => a.Content);
            e.Ignore(a => a.Project);
            e.Property(a => a.JointReview).AsJson();
            // The same-project rule looks an organisation's applications up by normalised title and any
            // application up by a document it references; neither scans an organisation's whole history.
            e.HasIndex(a => new { a.OrganizationUscc, a.NormalizedTitle });
            // Without fastupdate: every search would otherwise also scan the pending list of recent inserts,
            // which under a steady stream of submissions is most of the cost of the lookup.
            e.HasIndex(a => a.Documents).HasMethod("gin").HasOperators("jsonb_path_ops").HasStorageParameter("fastupdate", false);
            e.HasIndex(a => a.CityAwardRecordId).IsUnique().HasFilter("city_award_record_id IS NOT NULL");
            e.OwnsOne(a => a.Lifecycle, l =>
            {
                l.Property<Guid>("ApplicationId").HasColumnName("id"); // the same row as its application
                l.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(40);
                l.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
                l.Property(x => x.AcceptedBy).HasColumnName("accepted_by").HasMaxLength(200);
                l.Property(x => x.SupplementWasRequested).HasColumnName("supplement_was_requested");
                l.Property(x => x.SupplementItems).HasColumnName("supplement_items").AsJson();
                l.Property(x => x.SupplementDeadline).HasColumnName("supplement_deadline");
                l.Property(x => x.HeldFrom).HasColumnName("held_from").HasConversion<string>().HasMaxLength(40);
                l.Property<List<LifecycleStep>>("_history").HasColumnName("history").AsJson();
                l.Ignore(x => x.History);
                l.Ignore(x => x.IsActive);
                l.HasIndex(x => x.Status);
            });
        });

        modelBuilder.Entity<Notice>(e =>
        {
            e.ToTable("notices");
            e.HasKey(n => n.Id);
            e.Property(n => n.PolicyId).HasMaxLength(50);
            e.Property(n => n.HowToObject).HasMaxLength(2000);
            e.Property(n => n.Contact).HasMaxLength(500);
            e.Property(n => n.PublishedBy).HasMaxLength(200);
            e.HasMany(n => n.Entries).WithOne().HasForeignKey(x => x.NoticeId);
            e.HasIndex(n => new { n.PolicyId, n.StartsOn });
        });

        modelBuilder.Entity<NoticeEntry>(e =>
        {
            e.ToTable("notice_entries");
            e.HasKey(x => new { x.NoticeId, x.ApplicationId });
            e.Property(x => x.OrganizationUscc).HasMaxLength(18);
            e.Property(x => x.OrganizationName).HasMaxLength(200);
            e.Property(x => x.ItemCode).HasMaxLength(10);
            e.Property(x => x.ItemTitle).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Ignore(x => x.EntryId);
            // The finalisation job reads the entries still in notice; an application is on one notice at a time.
            e.HasIndex(x => x.Status).HasFilter("status = 'InNotice'");
            e.HasIndex(x => x.ApplicationId);
        });

        modelBuilder.Entity<Objection>(e =>
        {
            e.ToTable("objections");
            e.HasKey(o => o.Id);
            e.Property(o => o.ObjectorName).HasMaxLength(200);
            e.Property(o => o.ObjectorUscc).HasMaxLength(18);
            e.Property(o => o.Facts).HasMaxLength(4000);
            e.Property(o => o.RecordedBy).HasMaxLength(200);
            e.Property(o => o.ResolvedBy).HasMaxLength(200);
            e.Property(o => o.Resolution).HasMaxLength(2000);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(o => new { o.NoticeId, o.ApplicationId });
        });

        modelBuilder.Entity<CityAwardRecord>(e =>
        {
            e.ToTable("city_awards");
            e.HasKey(c => c.SourceRecordId);
            e.Property(c => c.SourceRecordId).HasMaxLength(100);
            e.Property(c => c.OrganizationUscc).HasMaxLength(18);
            e.Property(c => c.AwardYear).HasMaxLength(10);
            e.Property(c => c.DocumentNumber).HasMaxLength(100);
            e.HasIndex(c => c.OrganizationUscc);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ApplicationsDbContextFactory : IDesignTimeDbContextFactory<ApplicationsDbContext>
{
    public ApplicationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ApplicationsDbContext>().UseNpgsql("Host=localhost;Database=applications").Options);
}

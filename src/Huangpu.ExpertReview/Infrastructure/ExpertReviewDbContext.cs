using Huangpu.BuildingBlocks.Persistence;
using Huangpu.ExpertReview.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.ExpertReview.Infrastructure;

/// <summary>The ExpertReview database: the expert pool, the reviews with their panels and scores, fair-competition opinions.</summary>
public sealed class ExpertReviewDbContext(DbContextOptions<ExpertReviewDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Expert> Experts => Set<Expert>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<FairCompetitionReview> FairCompetitionReviews => Set<FairCompetitionReview>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Expert>(e =>
        {
            e.ToTable("experts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.EmployerUscc).HasMaxLength(18);
            e.Property(x => x.Ties).AsJson();
            e.Property(x => x.Version).IsConcurrencyToken();
            // The draw reads every available expert.
            e.HasIndex(x => x.Available);
        });

        modelBuilder.Entity<Review>(e =>
        {
            e.ToTable("reviews");
            e.HasKey(x => x.ApplicationId);
            e.Property(x => x.OrganizationUscc).HasMaxLength(18);
            e.Property(x => x.PolicyId).HasMaxLength(50);
            e.Property(x => x.ItemCode).HasMaxLength(10);
            e.Property(x => x.GroupCode).HasMaxLength(10);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.PendingReason).HasMaxLength(1000);
            e.Property(x => x.Seed).HasMaxLength(64);
            e.Property(x => x.Members).AsJson();
            e.Property(x => x.Recusals).AsJson();
            e.Property(x => x.Scores).AsJson();
            e.Property(x => x.Consensus).AsJson();
            e.Property(x => x.PanelScore).HasPrecision(5, 2);
            e.Property(x => x.Spread).HasPrecision(5, 2);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.RoundClosed);
            e.Ignore(x => x.Reasons);
            e.HasIndex(x => x.Status);
        });

        modelBuilder.Entity<FairCompetitionReview>(e =>
        {
            e.ToTable("fair_competition_reviews");
            e.HasKey(x => x.Id);
            e.Property(x => x.ApplicationIds).AsJson();
            e.Property(x => x.Opinion).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Notes).HasMaxLength(4000);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ExpertReviewDbContextFactory : IDesignTimeDbContextFactory<ExpertReviewDbContext>
{
    public ExpertReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ExpertReviewDbContext>().UseNpgsql("Host=localhost;Database=expertreview").Options);
}

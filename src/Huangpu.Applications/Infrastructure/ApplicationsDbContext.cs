using Huangpu.Applications.Documents;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Applications.Infrastructure;

/// <summary>The Applications database: uploaded evidence documents beside the building blocks' tables.</summary>
public sealed class ApplicationsDbContext(DbContextOptions<ApplicationsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

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
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ApplicationsDbContextFactory : IDesignTimeDbContextFactory<ApplicationsDbContext>
{
    public ApplicationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ApplicationsDbContext>().UseNpgsql("Host=localhost;Database=applications").Options);
}

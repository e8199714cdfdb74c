using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Registry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.Registry.Infrastructure;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : PlatformDbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

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
            e.Property(o => o.Version).IsConcurrencyToken();
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class RegistryDbContextFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseNpgsql("Host=localhost;Database=registry").Options);
}

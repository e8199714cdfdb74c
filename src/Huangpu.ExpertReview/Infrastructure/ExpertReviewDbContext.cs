using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Huangpu.ExpertReview.Infrastructure;

/// <summary>The service's own database; so far only the outbox, inbox and idempotency tables.</summary>
public sealed class ExpertReviewDbContext(DbContextOptions<ExpertReviewDbContext> options) : PlatformDbContext(options)
{
    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model without a running AppHost.</summary>
internal sealed class ExpertReviewDbContextFactory : IDesignTimeDbContextFactory<ExpertReviewDbContext>
{
    public ExpertReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ExpertReviewDbContext>().UseNpgsql("Host=localhost;Database=expertreview").Options);
}

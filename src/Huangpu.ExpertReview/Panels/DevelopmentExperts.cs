using Huangpu.BuildingBlocks.Hosting;
using Huangpu.ExpertReview.Domain;
using Huangpu.ExpertReview.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.ExpertReview.Panels;

/// <summary>
/// Development only: an empty pool starts with fictional experts of every kind, so a fresh suite can take an
/// application through review. Their employers are fictional organisations, never an applicant's.
/// </summary>
public sealed class DevelopmentExperts(IServiceScopeFactory scopes, PolicyCalendar calendar) : IHostedService
{
    private static readonly (string Name, ExpertKind Kind, string Employer)[] Pool =
    [
        ("示例专家甲", ExpertKind.FairCompetitionAdviser, "91310000DEV0000010"),
        ("示例专家乙", ExpertKind.FairCompetitionAdviser, "91310000DEV0000028"),
        ("示例专家丙", ExpertKind.FairCompetitionAdviser, "91310000DEV0000036"),
        ("示例专家丁", ExpertKind.ThirdPartyInstitution, "91310000DEV0000044"),
        ("示例专家戊", ExpertKind.ThirdPartyInstitution, "91310000DEV0000052"),
        ("示例专家己", ExpertKind.ThirdPartyInstitution, "91310000DEV0000060"),
        ("示例专家庚", ExpertKind.Industry, "91310000DEV0000079"),
        ("示例专家辛", ExpertKind.Industry, "91310000DEV0000087"),
        ("示例专家壬", ExpertKind.Industry, "91310000DEV0000095"),
        ("示例专家癸", ExpertKind.Department, "91310000DEV0000101"),
        ("示例专家子", ExpertKind.Department, "91310000DEV000011X"),
        ("示例专家丑", ExpertKind.Department, "91310000DEV0000128"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExpertReviewDbContext>();
        if (await db.Experts.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = calendar.Now();
        db.Experts.AddRange(Pool.Select(e => Expert.Create(e.Name, e.Kind, e.Employer, [], available: true, now)));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

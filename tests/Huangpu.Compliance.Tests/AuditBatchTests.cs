using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Registry;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Tests;

/// <summary>Batched appends on a real PostgreSQL: one unbroken chain in message order, each message once.</summary>
public sealed class AuditBatchTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_extends_the_chain_in_message_order_and_a_redelivered_batch_adds_nothing()
    {
        var now = new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
        var usccs = Enumerable.Range(0, 60).Select(_ => TestCodes.NewUscc()).ToList();
        var batch = usccs.Select(u => (Guid.CreateVersion7(), (IntegrationEvent)new OrganizationRegistered
        {
            OccurredAt = now,
            Actor = "officer-1",
            ActorRole = "case_officer",
            Uscc = u,
            Name = "上海某某人力资源有限公司",
            LegalForm = "LEGAL_FORM_LEGAL_ENTITY",
            RegisteredDistrictCode = "310101",
            Version = 1,
        })).ToList();

        Assert.Equal(40, await AppendAsync(batch[..40]));
        // Redelivered: the first 40 again with 20 new ones; only the new ones are filed.
        Assert.Equal(20, await AppendAsync(batch));

        await using var db = Db();
        var filed = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(batch.Select(b => b.Item1), filed.TakeLast(60).Select(e => e.MessageId));
        var (intact, entries, _) = await new AuditTrail(db, TimeProvider.System).VerifyAsync(CancellationToken.None);
        Assert.True(intact);
        Assert.Equal(filed.Count, entries);
    }

    private async Task<int> AppendAsync(IReadOnlyList<(Guid, IntegrationEvent)> events)
    {
        await using var db = Db();
        var trail = new AuditTrail(db, TimeProvider.System);
        return await db.ApplyOnceAsync(events, "AuditConsumer", DateTimeOffset.UtcNow, (fresh, ct) => trail.AppendAllAsync(fresh, ct), CancellationToken.None);
    }

    private ComplianceDbContext Db() =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql(postgres.ConnectionStringFor("compliance_tests")).Options);
}

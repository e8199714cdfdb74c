using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.Contracts.Registry;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huangpu.BuildingBlocks.Tests;

[Collection(PostgresTestGroup.Name)]
public sealed class OutboxDispatcherTests(Huangpu.Testing.PostgresServer postgres) : IAsyncLifetime
{
    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new OutboxSignal());
        services.AddScoped(_ => TestDbContext.Create(postgres.ConnectionString));
        services.AddOptions<OutboxOptions>();
        services.AddSingleton<OutboxDispatcher<TestDbContext>>();
        services.AddMassTransitTestHarness();
        _provider = services.BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_committed_event_is_published_once_with_its_outbox_id_and_marked_sent()
    {
        var uscc = $"OUTBOX{Guid.NewGuid():N}"[..18];
        var staged = await StageAsync(uscc);

        var dispatcher = _provider.GetRequiredService<OutboxDispatcher<TestDbContext>>();
        var (published, _) = await dispatcher.DispatchBatchAsync(CancellationToken.None);
        Assert.True(published >= 1);

        Assert.True(await _harness.Published.Any<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));
        var message = _harness.Published.Select<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc).Single();
        Assert.Equal(staged.MessageId, message.Context.MessageId);
        Assert.Equal("上海测试人力资源有限公司", message.Context.Message.Name);

        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.MessageId == staged.MessageId);
            Assert.NotNull(row.SentAt);
        }

        // A second pass finds nothing of ours to send.
        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        Assert.Single(_harness.Published.Select<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));
    }

    [Fact]
    public async Task An_event_is_published_in_the_trace_of_the_request_that_staged_it_tagged_with_its_subjects()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name is "Huangpu.Test" or "Huangpu.Outbox" or "MassTransit",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using var requests = new System.Diagnostics.ActivitySource("Huangpu.Test");

        var uscc = $"TRACED{Guid.NewGuid():N}"[..18];
        System.Diagnostics.ActivityTraceId requestTrace;
        OutboxMessage staged;
        using (var request = requests.StartActivity("POST /api/v1/organizations", System.Diagnostics.ActivityKind.Server)!)
        {
            requestTrace = request.TraceId;
            staged = await StageAsync(uscc);
        }

        Assert.Equal(requestTrace, System.Diagnostics.ActivityContext.Parse(staged.TraceParent!, null).TraceId);

        // The dispatcher runs later, in a trace of its own; the publish joins the request's.
        await _provider.GetRequiredService<OutboxDispatcher<TestDbContext>>().DispatchBatchAsync(CancellationToken.None);
        Assert.True(await _harness.Published.Any<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));

        var publishing = Assert.Single(stopped, a => a.Source.Name == "Huangpu.Outbox" && (string?)a.GetTagItem("messaging.message.id") == staged.MessageId.ToString());
        Assert.Equal(requestTrace, publishing.TraceId);
        Assert.Equal(uscc, publishing.GetTagItem(Huangpu.BuildingBlocks.Tracing.SubjectTags.Uscc));
        Assert.Contains(stopped, a => a.Source.Name == "MassTransit" && a.ParentSpanId == publishing.SpanId && a.TraceId == requestTrace);

        var dispatch = Assert.Single(publishing.Links).Context;
        Assert.NotEqual(requestTrace, dispatch.TraceId);
    }

    [Fact]
    public async Task On_a_connection_of_its_own_the_dispatcher_publishes_and_marks_sent()
    {
        var uscc = $"OWNCON{Guid.NewGuid():N}"[..18];
        var staged = await StageAsync(uscc);

        var dispatcher = Dispatcher(new OutboxOptions { ConnectionString = $"{postgres.ConnectionString};Application Name=outbox-test" });
        await dispatcher.DispatchBatchAsync(CancellationToken.None);

        Assert.True(await _harness.Published.Any<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            Assert.NotNull((await db.OutboxMessages.SingleAsync(m => m.MessageId == staged.MessageId)).SentAt);
        }
    }

    [Fact]
    public async Task An_event_staged_in_a_rolled_back_transaction_is_never_published()
    {
        var uscc = $"ROLLBK{Guid.NewGuid():N}"[..18];
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AddIntegrationEvent(Registered(uscc));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await _provider.GetRequiredService<OutboxDispatcher<TestDbContext>>().DispatchBatchAsync(CancellationToken.None);
        Assert.False(await _harness.Published.Any<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));
    }

    [Fact]
    public async Task A_message_that_cannot_be_published_stays_queued_with_its_error()
    {
        Guid messageId;
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            var row = db.AddIntegrationEvent(Registered($"BROKEN{Guid.NewGuid():N}"[..18]));
            row.MessageType = "Huangpu.Contracts.NoSuchEvent";
            messageId = row.MessageId;
            await db.SaveChangesAsync();
        }

        var (_, failed) = await _provider.GetRequiredService<OutboxDispatcher<TestDbContext>>().DispatchBatchAsync(CancellationToken.None);
        Assert.True(failed);
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId);
            Assert.Null(row.SentAt);
            Assert.Equal(1, row.Attempts);
            Assert.Contains("NoSuchEvent", row.LastError, StringComparison.Ordinal);
            // Keep the shared table clean for the other tests.
            db.OutboxMessages.Remove(row);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_message_that_fails_its_last_allowed_attempt_is_dead_lettered_and_comes_back_only_on_replay()
    {
        Guid messageId;
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            var row = db.AddIntegrationEvent(Registered($"DEADLT{Guid.NewGuid():N}"[..18]));
            row.MessageType = "Huangpu.Contracts.NoSuchEvent";
            messageId = row.MessageId;
            await db.SaveChangesAsync();
        }

        var dispatcher = Dispatcher(new OutboxOptions { MaxAttempts = 3 });
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
            await using var db = TestDbContext.Create(postgres.ConnectionString);
            var row = await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId);
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal(attempt == 3, row.DeadLetteredAt is not null);
        }

        // Dead-lettered: the next passes leave it alone.
        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            Assert.Equal(3, (await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId)).Attempts);

            // An operator's replay puts it back in line with its attempts reset.
            Assert.True(await db.ReplayDeadLettersAsync(CancellationToken.None) >= 1);
        }

        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        await using (var db = TestDbContext.Create(postgres.ConnectionString))
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.MessageId == messageId);
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.DeadLetteredAt);
            db.OutboxMessages.Remove(row);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Two_instances_on_one_database_publish_every_event_exactly_once()
    {
        // Two services' dispatchers, each on connections of its own (opened before the events exist), small batches.
        var instances = new[] { "a", "b" }.Select(name => Dispatcher(new OutboxOptions { BatchSize = 5, ConnectionString = $"{postgres.ConnectionString};Application Name=outbox-{name}" })).ToList();
        foreach (var dispatcher in instances)
        {
            await dispatcher.DispatchBatchAsync(CancellationToken.None);
        }

        var prefix = $"TWO{Guid.NewGuid():N}"[..10];
        var usccs = Enumerable.Range(0, 400).Select(i => $"{prefix}{i:D8}").ToList();
        foreach (var uscc in usccs)
        {
            await StageAsync(uscc);
        }

        // Side by side until all is sent.
        var published = new int[instances.Count];
        await Task.WhenAll(instances.Select((dispatcher, i) => Task.Run(async () =>
        {
            while (true)
            {
                var (count, _) = await dispatcher.DispatchBatchAsync(CancellationToken.None);
                published[i] += count;
                if (count == 0)
                {
                    return;
                }
            }
        })));

        Assert.All(published, count => Assert.True(count > 0, "each instance took part of the work"));
        foreach (var uscc in usccs)
        {
            Assert.Single(_harness.Published.Select<OrganizationRegistered>(m => m.Context.Message.Uscc == uscc));
        }

        await using var db = TestDbContext.Create(postgres.ConnectionString);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.SentAt == null && m.DeadLetteredAt == null));
    }

    /// <summary>A dispatcher with options of the test's own, on the harness's bus.</summary>
    private OutboxDispatcher<TestDbContext> Dispatcher(OutboxOptions options) => new(
        _provider.GetRequiredService<IServiceScopeFactory>(),
        _provider.GetRequiredService<IBus>(),
        _provider.GetRequiredService<OutboxSignal>(),
        TimeProvider.System,
        Options.Create(options),
        NullLogger<OutboxDispatcher<TestDbContext>>.Instance);

    /// <summary>Commits an OrganizationRegistered event with an effect beside it, as a service's write would.</summary>
    private async Task<OutboxMessage> StageAsync(string uscc)
    {
        await using var db = TestDbContext.Create(postgres.ConnectionString);
        var staged = db.AddIntegrationEvent(Registered(uscc));
        db.Effects.Add(new Effect { Note = uscc });
        await db.SaveChangesAsync();
        return staged;
    }

    private static OrganizationRegistered Registered(string uscc) => new()
    {
        Uscc = uscc,
        Name = "上海测试人力资源有限公司",
        LegalForm = "LEGAL_FORM_LEGAL_ENTITY",
        RegisteredDistrictCode = "310101",
        Version = 1,
        OccurredAt = DateTimeOffset.UtcNow,
        Actor = "officer-1",
        ActorRole = "case_officer",
    };
}

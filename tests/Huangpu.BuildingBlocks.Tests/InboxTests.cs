using Huangpu.BuildingBlocks.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Tests;

[Collection(PostgresTestGroup.Name)]
public sealed class InboxTests(Huangpu.Testing.PostgresServer postgres) : TestDatabaseTests(postgres)
{
    [Fact]
    public async Task A_redelivered_message_has_no_second_effect()
    {
        var messageId = Guid.NewGuid();
        Assert.True(await ApplyAsync(messageId, "first"));
        Assert.False(await ApplyAsync(messageId, "redelivery"));
        Assert.Equal(["first"], await NotesAsync(messageId));
    }

    [Fact]
    public async Task Concurrent_duplicates_apply_once()
    {
        var messageId = Guid.NewGuid();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ApplyAsync(messageId, $"copy-{i}")));
        Assert.Single(results, applied => applied);
        Assert.Single(await NotesAsync(messageId));
    }

    [Fact]
    public async Task A_failed_effect_leaves_no_inbox_row_so_the_retry_applies_it()
    {
        var messageId = Guid.NewGuid();
        await using (var db = TestDbContext.Create(ConnectionString))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.ApplyOnceAsync(
                messageId, "test-consumer", DateTimeOffset.UtcNow, _ => throw new InvalidOperationException("boom"), CancellationToken.None));
        }

        Assert.True(await ApplyAsync(messageId, "retry"));
        Assert.Equal(["retry"], await NotesAsync(messageId));
    }

    [Fact]
    public async Task Another_consumer_of_the_same_message_applies_its_own_effect()
    {
        var messageId = Guid.NewGuid();
        Assert.True(await ApplyAsync(messageId, "a", "consumer-a"));
        Assert.True(await ApplyAsync(messageId, "b", "consumer-b"));
        Assert.Equal(["a", "b"], await NotesAsync(messageId));
    }

    private async Task<bool> ApplyAsync(Guid messageId, string note, string consumer = "test-consumer")
    {
        await using var db = TestDbContext.Create(ConnectionString);
        return await db.ApplyOnceAsync(messageId, consumer, DateTimeOffset.UtcNow, _ =>
        {
            db.Effects.Add(new Effect { Note = $"{messageId}:{note}" });
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    private async Task<List<string>> NotesAsync(Guid messageId)
    {
        await using var db = TestDbContext.Create(ConnectionString);
        var prefix = $"{messageId}:";
        var notes = await db.Effects.Where(e => e.Note.StartsWith(prefix)).OrderBy(e => e.Id).Select(e => e.Note).ToListAsync();
        return [.. notes.Select(n => n[prefix.Length..])];
    }
}

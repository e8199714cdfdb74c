using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Grpc;
using Grpc.Core;

namespace Huangpu.Compliance.Tests;

public sealed class AuditEntryTests
{
    private static AuditEntry Entry(string previousHash, string summary = "Organisation registered")
    {
        var entry = new AuditEntry
        {
            Subjects = ["91310101MA1FL3X21R"],
            EventType = "OrganizationRegistered",
            MessageId = Guid.Parse("01a2227f-5401-704a-b53f-c89bbdb2997a"),
            Actor = "officer-1",
            ActorRole = "case_officer",
            Summary = summary,
            DataJson = """{"uscc":"91310101MA1FL3X21R"}""",
            OccurredAt = AuditEntry.ToStoredPrecision(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567)),
            RecordedAt = AuditEntry.ToStoredPrecision(new DateTimeOffset(2026, 5, 10, 1, 0, 1, TimeSpan.Zero)),
            PreviousHash = previousHash,
            Hash = string.Empty,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    [Fact]
    public void The_hash_is_deterministic_and_covers_the_previous_hash()
    {
        var first = Entry(AuditEntry.GenesisHash);
        Assert.Equal(first.Hash, Entry(AuditEntry.GenesisHash).Hash);
        Assert.Equal(64, first.Hash.Length);
        Assert.NotEqual(first.Hash, Entry(first.Hash).Hash);
    }

    [Fact]
    public void Editing_any_field_changes_the_hash()
    {
        var entry = Entry(AuditEntry.GenesisHash);
        var original = entry.Hash;
        entry.Summary = "Organisation registered (edited)";
        Assert.NotEqual(original, entry.ComputeHash());
        entry = Entry(AuditEntry.GenesisHash);
        entry.Subjects = ["91440300708461136T"];
        Assert.NotEqual(original, entry.ComputeHash());
        entry = Entry(AuditEntry.GenesisHash);
        entry.Actor = "someone-else";
        Assert.NotEqual(original, entry.ComputeHash());
    }

    [Fact]
    public void Stored_precision_drops_what_postgresql_cannot_keep()
    {
        var value = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var stored = AuditEntry.ToStoredPrecision(value);
        Assert.Equal(0, stored.UtcTicks % 10);
        Assert.Equal(value.UtcTicks - 7, stored.UtcTicks);
    }
}

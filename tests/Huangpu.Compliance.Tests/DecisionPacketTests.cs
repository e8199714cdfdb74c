using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Inbox;
using Huangpu.Compliance.Domain;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts;
using Huangpu.Contracts.Applications;
using Huangpu.Contracts.Auditing;
using Huangpu.Contracts.Registry;
using Huangpu.Testing;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Tests;

/// <summary>
/// The decision packet of an award, built from a real trail in PostgreSQL with other organisations' entries
/// interleaved: it verifies against itself and a hash of the trail, and any change to what it shows fails.
/// </summary>
public sealed class DecisionPacketTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Database = "compliance_packets";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await using var db = Db();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_packet_holds_the_award_and_its_organisations_facts_and_verifies_against_the_trail()
    {
        var (uscc, application) = (TestCodes.NewUscc(), Guid.NewGuid());
        await AppendAsync(Registered(uscc), Registered(TestCodes.NewUscc()), Submitted(uscc, application), Registered(TestCodes.NewUscc()), Approved(uscc, application, 3_000_000));

        var packet = await BuildAsync(application);
        Assert.Equal(uscc, packet.OrganizationUscc);
        Assert.Equal(["eligibility", "application", "jointReview"], packet.Entries.Select(e => e.Section));
        Assert.Equal(2, packet.Links.Count); // the other organisations' registrations, by digest only
        Assert.All(packet.Entries, e => Assert.Equal(64, e.Hash.Length));

        var verdict = DecisionPacketVerifier.Verify(packet);
        Assert.True(verdict.Intact, verdict.Detail);
        Assert.Equal(5, verdict.EntriesChecked);

        // Against an entry of the trail read independently: the approval's stored hash.
        await using var db = Db();
        var stored = await db.AuditEntries.AsNoTracking().Where(e => e.Subjects.Contains(application.ToString())).OrderBy(e => e.Sequence).LastAsync();
        Assert.True(DecisionPacketVerifier.Verify(packet, new PacketHead(stored.Sequence, stored.Hash)).Intact);
        var forged = DecisionPacketVerifier.Verify(packet, new PacketHead(stored.Sequence, new string('0', 64)));
        Assert.False(forged.Intact);
        Assert.Equal(stored.Sequence, forged.FirstBrokenSequence);

        // Through its JSON, as the API serves it.
        var roundTripped = JsonSerializer.Deserialize<DecisionPacket>(DecisionPackets.Serialize(packet), JsonSerializerOptions.Web)!;
        Assert.True(DecisionPacketVerifier.Verify(roundTripped).Intact);
    }

    [Fact]
    public async Task A_packet_with_one_changed_amount_or_a_missing_link_fails_naming_the_entry()
    {
        var (uscc, application) = (TestCodes.NewUscc(), Guid.NewGuid());
        await AppendAsync(Registered(uscc), Submitted(uscc, application), Registered(TestCodes.NewUscc()), Approved(uscc, application, 3_000_000));
        var packet = await BuildAsync(application);

        var approval = packet.Entries.Single(e => e.EventType == nameof(ApplicationApproved));
        var data = JsonNode.Parse(approval.Data)!;
        Assert.Equal(3_000_000, data["amountFen"]!.GetValue<long>());
        data["amountFen"] = 30_000_000;
        var amended = packet with { Entries = [.. packet.Entries.Select(e => e == approval ? e with { Data = data.ToJsonString() } : e)] };
        var verdict = DecisionPacketVerifier.Verify(amended);
        Assert.False(verdict.Intact);
        Assert.Equal(approval.Sequence, verdict.FirstBrokenSequence);
        Assert.Contains("content", verdict.Detail, StringComparison.Ordinal);

        var gap = packet with { Links = [] };
        var missing = DecisionPacketVerifier.Verify(gap);
        Assert.False(missing.Intact);
        Assert.Equal(approval.Sequence, missing.FirstBrokenSequence);

        var wrongHead = packet with { Head = packet.Head with { Hash = new string('f', 64) } };
        Assert.False(DecisionPacketVerifier.Verify(wrongHead).Intact);
    }

    [Fact]
    public async Task The_offline_command_says_intact_or_names_the_broken_entry()
    {
        var (uscc, application) = (TestCodes.NewUscc(), Guid.NewGuid());
        await AppendAsync(Submitted(uscc, application), Registered(TestCodes.NewUscc()), Approved(uscc, application, 5_000_000));
        var packet = await BuildAsync(application);
        var file = Path.Combine(Path.GetTempPath(), $"packet-{application}.json");
        await File.WriteAllBytesAsync(file, DecisionPackets.Serialize(packet));
        try
        {
            var (intact, said) = await RunVerifierAsync(file, "--head", $"{packet.Head.Sequence}:{packet.Head.Hash}");
            Assert.Equal(0, intact);
            Assert.StartsWith("intact", said, StringComparison.Ordinal);

            var approval = packet.Entries.Single(e => e.EventType == nameof(ApplicationApproved));
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("5000000", "5000001", StringComparison.Ordinal));
            var (broken, named) = await RunVerifierAsync(file);
            Assert.Equal(1, broken);
            Assert.Contains($"BROKEN at entry {approval.Sequence}", named, StringComparison.Ordinal);

            Assert.Equal(2, (await RunVerifierAsync(file, "--head", "nonsense")).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Entries_written_before_content_digests_still_verify()
    {
        var content = new AuditChain.Content(["91310101MA1FL3X21R"], "OrganizationRegistered", Guid.Parse("0192f0c1-0000-7000-8000-000000000001"), "officer-1", "case_officer", "s", "{}", Now, Now);
        var v1 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"prev\n91310101MA1FL3X21R\nOrganizationRegistered\n0192f0c1-0000-7000-8000-000000000001\nofficer-1\ncase_officer\ns\n{{}}\n{Now.UtcTicks}\n{Now.UtcTicks}")));
        Assert.Equal(v1, AuditChain.Hash(1, "prev", content));
        Assert.NotEqual(v1, AuditChain.Hash(2, "prev", content));
        Assert.Equal(AuditChain.Link("prev", AuditChain.ContentDigest(content)), AuditChain.Hash(2, "prev", content));
    }

    private static async Task<(int ExitCode, string Output)> RunVerifierAsync(params string[] arguments)
    {
        var verifier = Path.Combine(AppContext.BaseDirectory, "huangpu-verify-packet.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(verifier);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    private async Task<DecisionPacket> BuildAsync(Guid application)
    {
        await using var db = Db();
        var calendar = new PolicyCalendar(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById(PolicyCalendar.DefaultZone));
        return (await new DecisionPackets(db, calendar).BuildAsync(application, CancellationToken.None))!;
    }

    private async Task AppendAsync(params IntegrationEvent[] events)
    {
        await using var db = Db();
        var trail = new AuditTrail(db, TimeProvider.System);
        var batch = events.Select(e => (Guid.CreateVersion7(), e)).ToList();
        await db.ApplyOnceAsync(batch, "AuditConsumer", Now, (fresh, ct) => trail.AppendAllAsync(fresh, ct), CancellationToken.None);
    }

    private static OrganizationRegistered Registered(string uscc) => new()
    {
        OccurredAt = Now,
        Actor = "officer-1",
        ActorRole = "case_officer",
        Uscc = uscc,
        Name = "上海某某人力资源有限公司",
        LegalForm = "LEGAL_FORM_LEGAL_ENTITY",
        RegisteredDistrictCode = "310101",
        Version = 1,
    };

    private static ApplicationTransitioned Submitted(string uscc, Guid application) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        Action = "submit",
        From = "DRAFT",
        To = "SUBMITTED",
        Version = 1,
        OccurredAt = Now,
        Actor = "applicant-1",
        ActorRole = "applicant",
    };

    private static ApplicationApproved Approved(string uscc, Guid application, long amountFen) => new()
    {
        ApplicationId = application,
        OrganizationUscc = uscc,
        PolicyId = "HRS-2024-2",
        ItemCode = "4.2",
        AmountFen = amountFen,
        OccurredAt = Now,
        Actor = "officer-1",
        ActorRole = "case_officer",
    };

    private ComplianceDbContext Db() =>
        new(new DbContextOptionsBuilder<ComplianceDbContext>().UseNpgsql(postgres.ConnectionStringFor(Database)).Options);
}

using System.Security.Claims;
using System.Text.Json;
using Google.Protobuf;
using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.Contracts.Auditing;
using Huangpu.Grpc.Registry.V1;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class PersonalDataMaskTests
{
    [Fact]
    public void Natural_persons_names_phones_and_id_numbers_are_masked_and_organisations_kept()
    {
        var request = new RegisterOrganizationRequest
        {
            Uscc = "91310101MA1FL3X21R",
            Name = "上海某某人力资源有限公司",
            LegalRepresentative = new Person { Name = "张三丰", IdNumber = "310101199001011234" },
            Shareholders = { new Person { Name = "上海某某控股有限公司", Uscc = "91310000630405061X" }, new Person { Name = "李四" } },
            Contact = new ContactPerson { Name = "王五", Phone = "13800138000" },
        };

        var json = PersonalDataMask.ToAuditJson(request);

        Assert.DoesNotContain("张三丰", json, StringComparison.Ordinal);
        Assert.DoesNotContain("310101199001011234", json, StringComparison.Ordinal);
        Assert.DoesNotContain("李四", json, StringComparison.Ordinal);
        Assert.DoesNotContain("王五", json, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", json, StringComparison.Ordinal);
        Assert.Contains("张**", json, StringComparison.Ordinal);
        Assert.Contains("上海某某人力资源有限公司", json, StringComparison.Ordinal);
        Assert.Contains("上海某某控股有限公司", json, StringComparison.Ordinal);
        Assert.Equal("张三丰", request.LegalRepresentative.Name); // the request itself is untouched
    }

    [Fact]
    public void Binary_content_is_left_out_and_long_requests_are_cut_saying_so()
    {
        var upload = new Huangpu.Grpc.Applications.V1.UploadDocumentRequest { Sha256 = "ab", Content = new Google.Api.HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(new byte[100_000]) } };
        var json = PersonalDataMask.ToAuditJson(upload);
        Assert.True(json.Length < 200, json);
        Assert.Contains("application/pdf", json, StringComparison.Ordinal);

        var big = new RegisterOrganizationRequest { Uscc = "X", IndustryDirectionNote = new string('注', 20_000) };
        var cut = PersonalDataMask.ToAuditJson(big);
        Assert.True(cut.Length < PersonalDataMask.MaxLength + 100);
        Assert.EndsWith("characters)", cut, StringComparison.Ordinal);
    }
}

[Collection(PostgresTestGroup.Name)]
public sealed class ApiCallChangeAuditTests(Huangpu.Testing.PostgresServer postgres) : TestDatabaseTests(postgres)
{
    private static readonly DateTimeOffset At = new(2026, 5, 10, 1, 0, 0, TimeSpan.Zero);

    private TestDbContext Create() => new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(ConnectionString).AddInterceptors(new ApiCallChangeAudit()).Options);

    private static ApiCall Call(IMessage request) => new(
        "registry",
        "/huangpu.registry.v1.RegistryService/RegisterOrganization",
        request,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(PlatformClaims.Subject, "officer-1"), new Claim(PlatformClaims.Role, PlatformRoles.CaseOfficer)], "test")),
        At);

    [Fact]
    public async Task A_call_that_changes_a_row_stages_one_record_of_it_in_the_same_save()
    {
        var note = $"effect-{Guid.NewGuid():N}";
        ApiCall.Current = Call(new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R", Contact = new ContactPerson { Name = "王五", Phone = "13800138000" } });
        try
        {
            await using var db = Create();
            db.Effects.Add(new Effect { Note = note });
            await db.SaveChangesAsync();
        }
        finally
        {
            ApiCall.Current = null;
        }

        await using var read = Create();
        var staged = await read.OutboxMessages.Where(m => m.MessageType == typeof(ApiCallRecorded).FullName && m.CreatedAt == At).ToListAsync();
        var recorded = staged.Select(m => JsonSerializer.Deserialize<ApiCallRecorded>(m.Body, JsonSerializerOptions.Web)!).Single(r => r.Changes.Any(c => c.StartsWith("Effect ", StringComparison.Ordinal)));
        Assert.Equal("officer-1", recorded.Actor);
        Assert.Equal(PlatformRoles.CaseOfficer, recorded.ActorRole);
        Assert.Equal("registry", recorded.Service);
        Assert.Contains("91310101MA1FL3X21R", recorded.Subjects);
        Assert.Equal("Effect new Added", Assert.Single(recorded.Changes));
        Assert.DoesNotContain("王五", recorded.Request, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", recorded.Request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saves_outside_a_call_and_saves_of_events_alone_record_nothing()
    {
        var before = await CountAsync();
        await using (var db = Create())
        {
            db.Effects.Add(new Effect { Note = "no call" });
            await db.SaveChangesAsync();
        }

        ApiCall.Current = Call(new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R" });
        try
        {
            await using var db = Create();
            db.OutboxMessages.Add(new Persistence.OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "x", Body = "{}", CreatedAt = At });
            await db.SaveChangesAsync();
        }
        finally
        {
            ApiCall.Current = null;
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_record()
    {
        var before = await CountAsync();
        ApiCall.Current = Call(new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R" });
        try
        {
            await using var db = Create();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Note = "rolled back" });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        finally
        {
            ApiCall.Current = null;
        }

        Assert.Equal(before, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var db = Create();
        return await db.OutboxMessages.CountAsync(m => m.MessageType == typeof(ApiCallRecorded).FullName);
    }
}

using System.Net;
using System.Text.Json;
using Grpc.Core;
using Huangpu.Grpc.Compliance.V1;
using Huangpu.Grpc.Registry.V1;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class RegistrationSliceTests(PlatformFixture platform)
{
    [Fact]
    public async Task Registration_through_the_gateway_is_stored_and_audited_by_compliance()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-slice");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();

        using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var organization = await created.JsonAsync();
        Assert.Equal(uscc, organization.GetProperty("uscc").GetString());
        Assert.Equal("LEGAL_FORM_LEGAL_ENTITY", organization.GetProperty("legalForm").GetString());
        Assert.Equal("1", organization.GetProperty("version").GetString());

        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("上海测试人力资源有限公司", (await read.JsonAsync()).GetProperty("name").GetString());

        var entries = await platform.WaitForAuditAsync(uscc, auditor);
        var entry = Assert.Single(entries);
        Assert.Equal("OrganizationRegistered", entry.GetProperty("eventType").GetString());
        Assert.Equal("officer-slice", entry.GetProperty("actor").GetString());
        Assert.Equal("case_officer", entry.GetProperty("actorRole").GetString());

        using var verify = await platform.Rest.SendAsync(Get("/api/v1/audit:verify", auditor));
        var verdict = await verify.JsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task The_same_slice_works_over_grpc_on_the_gateway_grpc_port()
    {
        var officer = FixtureMetadata(await platform.TokenAsync("case_officer", subject: "officer-grpc"));
        var auditor = FixtureMetadata(await platform.TokenAsync("auditor"));
        var uscc = TestCodes.NewUscc();
        var registry = new RegistryService.RegistryServiceClient(platform.Grpc);

        var organization = await registry.RegisterOrganizationAsync(
            new RegisterOrganizationRequest { Uscc = uscc.ToLowerInvariant() + "  ", Name = "gRPC 人力资源有限公司", LegalForm = LegalForm.NonLegalEntity },
            officer);
        Assert.Equal(uscc, organization.Uscc); // trimmed and upper-cased
        Assert.Equal(LegalForm.NonLegalEntity, organization.LegalForm);

        var compliance = new ComplianceService.ComplianceServiceClient(platform.Grpc);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ListAuditEntriesResponse audit;
        do
        {
            audit = await compliance.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = uscc }, auditor);
        }
        // The registration's event and the record of the call reach the trail by separate messages, in either order.
        while (!(audit.Entries.Any(e => e.EventType == "OrganizationRegistered") && audit.Entries.Any(e => e.EventType == "ApiCallRecorded"))
            && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal("OrganizationRegistered", Assert.Single(audit.Entries, e => !IsCallRecord(e.EventType)).EventType);
        // The call itself is on the trail under the organisation's normalised USCC, as sent (lower case, padded) in its request.
        var call = Assert.Single(audit.Entries, e => e.EventType == "ApiCallRecorded");
        Assert.Equal([uscc], call.Subjects);
        Assert.Equal("officer-grpc", call.Actor);

        var duplicate = await Assert.ThrowsAsync<RpcException>(async () =>
            await registry.RegisterOrganizationAsync(new RegisterOrganizationRequest { Uscc = uscc, Name = "again" }, officer));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
    }

    [Fact]
    public async Task Missing_uscc_is_400_naming_the_field()
    {
        var officer = await platform.TokenAsync("case_officer");
        using var response = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new { name = "无代码机构" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await response.JsonAsync();
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.Equal(["uscc"], status.ViolatedFields());
        Assert.Contains(status.Details("google.rpc.LocalizedMessage"), d => d.GetProperty("locale").GetString() == "zh-CN");
    }

    [Fact]
    public async Task An_invalid_check_digit_is_400_and_nothing_is_stored()
    {
        var officer = await platform.TokenAsync("case_officer");
        var valid = TestCodes.NewUscc();
        var wrong = valid[..17] + (valid[17] == '0' ? '1' : '0');
        using var response = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(wrong)).InEnglish());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await response.JsonAsync();
        Assert.Equal(["uscc"], status.ViolatedFields());
        Assert.Contains("check digit", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNotStoredAsync(wrong, officer);
    }

    [Fact]
    public async Task Malformed_json_is_400_saying_where_and_nothing_is_stored()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer, $$"""{"uscc":"{{uscc}}","name":"x",}""").InEnglish());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await response.JsonAsync();
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        Assert.Contains("line 1, byte", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNotStoredAsync(uscc, officer);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_413_and_nothing_is_stored()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        var body = JsonSerializer.Serialize(new { uscc, name = "x", registeredAddress = new string('a', 1024 * 1024) });
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer, body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNotStoredAsync(uscc, officer);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_returns_the_first_answer_and_audits_once()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-retry");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();
        var key = Guid.NewGuid().ToString();

        using var first = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc), key));
        using var second = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc), key));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        // The same key in the body's requestId is the same request.
        using var third = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new
        {
            uscc,
            name = "上海测试人力资源有限公司",
            legalForm = "LEGAL_FORM_LEGAL_ENTITY",
            registeredAddress = "上海市黄浦区淮海中路1号",
            registeredDistrictCode = "310101",
            taxDistrictCode = "310101",
            requestId = key,
        }));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await third.Content.ReadAsStringAsync());

        Assert.Single(await platform.WaitForAuditAsync(uscc, auditor));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await platform.AuditEntriesAsync(uscc, auditor));
        // A replayed answer changed nothing: the call is on the trail once.
        Assert.Single(await platform.AuditEntriesAsync(uscc, auditor, includeCalls: true), e => e.GetProperty("eventType").GetString() == "ApiCallRecorded");
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_409_aborted()
    {
        var officer = await platform.TokenAsync("case_officer");
        var key = Guid.NewGuid().ToString();
        using var first = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(TestCodes.NewUscc()), key));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var other = TestCodes.NewUscc();
        using var second = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(other), key));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(10, (await second.JsonAsync()).GetProperty("code").GetInt32());
        await AssertNotStoredAsync(other, officer);
    }

    [Fact]
    public async Task A_header_key_and_a_different_request_id_are_400()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var response = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new { uscc, name = "x", requestId = "body-key" }, "header-key"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["requestId"], (await response.JsonAsync()).ViolatedFields());
        await AssertNotStoredAsync(uscc, officer);
    }

    [Fact]
    public async Task Registering_an_existing_uscc_is_409()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var first = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
        using var second = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc, "另一个名称")));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(6, (await second.JsonAsync()).GetProperty("code").GetInt32());
        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer));
        Assert.Equal("上海测试人力资源有限公司", (await read.JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_gateway_answers_401()
    {
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", null, JsonSerializer.Serialize(Organization(TestCodes.NewUscc()))));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(16, (await response.JsonAsync()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_applicant_sending_a_bureau_owned_field_is_403_naming_it_and_nothing_changes()
    {
        var uscc = TestCodes.NewUscc();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        using var response = await platform.Rest.SendAsync(Post("/api/v1/organizations", applicant, new { uscc, name = "自报机构", registeredDistrictCode = "310101" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(["registeredDistrictCode"], (await response.JsonAsync()).ViolatedFields());
        await AssertNotStoredAsync(uscc, await platform.TokenAsync("case_officer"));

        // Without the bureau's fields the applicant registers its own organisation, and sees only that one.
        using var own = await platform.Rest.SendAsync(Post("/api/v1/organizations", applicant, new { uscc, name = "自报机构" }));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var other = TestCodes.NewUscc();
        using var foreign = await platform.Rest.SendAsync(Post("/api/v1/organizations", applicant, new { uscc = other, name = "别家机构" }));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var registeredByOfficer = await platform.Rest.SendAsync(Post("/api/v1/organizations", await platform.TokenAsync("case_officer"), Organization(other)));
        using var peek = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{other}", applicant));
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
    }

    [Fact]
    public async Task An_auditor_cannot_register_and_an_applicant_cannot_read_the_audit_trail()
    {
        var auditor = await platform.TokenAsync("auditor");
        using var register = await platform.Rest.SendAsync(Post("/api/v1/organizations", auditor, Organization(TestCodes.NewUscc())));
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Equal(7, (await register.JsonAsync()).GetProperty("code").GetInt32());

        var uscc = TestCodes.NewUscc();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        using var audit = await platform.Rest.SendAsync(Get($"/api/v1/audit?subject={uscc}", applicant));
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    private async Task AssertNotStoredAsync(string uscc, string token)
    {
        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", token));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private static Metadata FixtureMetadata(string token) => PlatformFixture.Bearer(token);

    private static async Task<bool> Delay()
    {
        await Task.Delay(250);
        return true;
    }
}

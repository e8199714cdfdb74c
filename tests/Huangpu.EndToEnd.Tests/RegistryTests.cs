using System.Net;
using System.Text.Json;
using Grpc.Core;
using Huangpu.Grpc.Registry.V1;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class RegistryTests(PlatformFixture platform)
{
    private static object FullOrganization(string uscc) => new
    {
        uscc,
        name = "上海某某人力资源有限公司",
        legalForm = "LEGAL_FORM_LEGAL_ENTITY",
        registeredAddress = "上海市黄浦区淮海中路1号",
        registeredDistrictCode = "310101",
        taxDistrictCode = "310101",
        registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
        hrLicence = new { number = "沪人社许字第00001号", validFrom = "2023-01-01", validTo = "2027-12-31" },
        industryDirectionConfirmed = true,
        legalRepresentative = new { name = "张三", idNumber = "310101198001010012" },
        shareholders = new[] { new { name = "上海某某控股有限公司", uscc = "91310101MA1FL3X21R" } },
        contact = new { name = "李四", phone = "13812345678" },
    };

    [Fact]
    public async Task Register_feed_a_dishonesty_entry_and_eligibility_flips_with_the_rule_code_and_every_step_audited()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-registry");
        var credit = await platform.TokenAsync("partner_bureau", bureau: "credit", subject: "credit-system");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();

        using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, FullOrganization(uscc)));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var organization = await created.JsonAsync();
        // The ID number is kept only as a keyed hash: it never comes back.
        Assert.DoesNotContain("310101198001010012", organization.GetRawText(), StringComparison.Ordinal);
        Assert.True(organization.GetProperty("legalRepresentative").GetProperty("hasIdNumber").GetBoolean());
        Assert.Equal("李*", organization.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("138****5678", organization.GetProperty("contact").GetProperty("phone").GetString());

        var before = await EligibilityAsync(uscc, "2026-06-01", officer);
        Assert.True(before.GetProperty("eligible").GetBoolean());
        Assert.Empty(before.GetProperty("failedRules").EnumerateArray());

        using var listed = await platform.Rest.SendAsync(Post($"/api/v1/organizations/{uscc}/credit-records", credit, new
        {
            sourceRecordId = $"CR-{uscc}",
            kind = "CREDIT_RECORD_KIND_SERIOUS_DISHONESTY",
            listedOn = "2026-03-01",
            authority = "上海市发展和改革委员会",
            documentNumber = "沪信〔2026〕1号",
        }));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        var after = await EligibilityAsync(uscc, "2026-06-01", officer);
        Assert.False(after.GetProperty("eligible").GetBoolean());
        var rule = Assert.Single(after.GetProperty("failedRules").EnumerateArray());
        Assert.Equal("NO_SERIOUS_DISHONESTY", rule.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(rule.GetProperty("messageZh").GetString()));
        Assert.False(string.IsNullOrEmpty(rule.GetProperty("messageEn").GetString()));

        // Before the listing date the same organisation was eligible.
        Assert.True((await EligibilityAsync(uscc, "2026-02-28", officer)).GetProperty("eligible").GetBoolean());

        var entries = await platform.WaitForAuditAsync(uscc, auditor, count: 2);
        Assert.Equal(["OrganizationRegistered", "CreditStatusChanged"], entries.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("credit-system", entries[1].GetProperty("actor").GetString()!.Split(':')[^1]);
    }

    [Fact]
    public async Task An_applicant_correcting_a_bureau_owned_field_is_403_and_nothing_changes()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, FullOrganization(uscc)));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        using var refused = await platform.Rest.SendAsync(Patch($"/api/v1/organizations/{uscc}", applicant, new { name = "新名称", registeredDistrictCode = "310104" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(["registeredDistrictCode"], (await refused.JsonAsync()).ViolatedFields());

        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer));
        var organization = await read.JsonAsync();
        Assert.Equal("上海某某人力资源有限公司", organization.GetProperty("name").GetString());
        Assert.Equal("310101", organization.GetProperty("registeredDistrictCode").GetString());
        Assert.Equal("1", organization.GetProperty("version").GetString());

        // Its own name it may correct; the history names the applicant as the source.
        using var renamed = await platform.Rest.SendAsync(Patch($"/api/v1/organizations/{uscc}", applicant, new { name = "上海新名称人力资源有限公司", expectedVersion = "1" }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("2", (await renamed.JsonAsync()).GetProperty("version").GetString());
        using var stale = await platform.Rest.SendAsync(Patch($"/api/v1/organizations/{uscc}", officer, new { registeredAddress = "新地址", expectedVersion = "1" }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var history = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}/changes", officer));
        var last = (await history.JsonAsync()).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal("name", last.GetProperty("field").GetString());
        Assert.Equal("DATA_SOURCE_APPLICANT", last.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Reading_the_unmasked_contact_is_audited()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-contact");
        var auditor = await platform.TokenAsync("auditor");
        var uscc = TestCodes.NewUscc();
        using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, FullOrganization(uscc)));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var contact = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}/contact", officer));
        Assert.Equal(HttpStatusCode.OK, contact.StatusCode);
        Assert.Equal("13812345678", (await contact.JsonAsync()).GetProperty("phone").GetString());

        var entries = await platform.WaitForAuditAsync(uscc, auditor, count: 2);
        var read = Assert.Single(entries, e => e.GetProperty("eventType").GetString() == "OrganizationContactRead");
        Assert.Equal("officer-contact", read.GetProperty("actor").GetString());
        Assert.DoesNotContain(entries, e => e.GetProperty("dataJson").GetString()!.Contains("13812345678", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_market_supervision_feed_over_grpc_answers_per_item_and_only_its_bureau_may_send_it()
    {
        var bureau = PlatformFixture.Bearer(await platform.TokenAsync("partner_bureau", bureau: "market_supervision", subject: "ms-feed"));
        var registry = new RegistryService.RegistryServiceClient(platform.Grpc);
        var uscc = TestCodes.NewUscc();
        var request = new SubmitRegistrationRecordsRequest();
        request.Records.Add(new RegistrationRecord { SourceRecordId = $"MS-{uscc}", Uscc = uscc, Name = "市场监管来源机构", LegalForm = LegalForm.LegalEntity, RegisteredDistrictCode = "310101", RegistrationStatus = RegistrationStatus.InBusiness });
        request.Records.Add(new RegistrationRecord { SourceRecordId = "MS-BAD", Uscc = "12345", Name = "x" });
        request.Records.Add(request.Records[0].Clone());

        var response = await registry.SubmitRegistrationRecordsAsync(request, bureau);
        Assert.Equal([FeedOutcome.Applied, FeedOutcome.Invalid, FeedOutcome.DuplicateInBatch], response.Results.Select(r => r.Outcome));
        Assert.Contains(response.Results[1].Problems, p => p.StartsWith("uscc", StringComparison.Ordinal));

        var again = await registry.SubmitRegistrationRecordsAsync(request, bureau);
        Assert.Equal(FeedOutcome.Unchanged, again.Results[0].Outcome);

        var organization = await registry.GetOrganizationAsync(new GetOrganizationRequest { Uscc = uscc }, PlatformFixture.Bearer(await platform.TokenAsync("case_officer")));
        Assert.Equal(DataSource.PartnerFeed, organization.Source);
        Assert.Equal(1, organization.Version);

        var credit = PlatformFixture.Bearer(await platform.TokenAsync("partner_bureau", bureau: "credit"));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await registry.SubmitRegistrationRecordsAsync(request, credit));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task The_contract_example_body_registers()
    {
        var officer = await platform.TokenAsync("case_officer");
        const string body = """
            {"uscc": "91310000630405061X", "name": "上海某某人力资源有限公司", "legalForm": "LEGAL_FORM_LEGAL_ENTITY",
             "registeredAddress": "上海市黄浦区淮海中路1号", "registeredDistrictCode": "310101", "taxDistrictCode": "310101",
             "registrationStatus": "REGISTRATION_STATUS_IN_BUSINESS",
             "hrLicence": {"number": "沪人社许字第00001号", "validFrom": "2023-01-01", "validTo": "2027-12-31"},
             "industryDirectionConfirmed": true,
             "legalRepresentative": {"name": "张三"},
             "shareholders": [{"name": "上海某某控股有限公司", "uscc": "91310101MA1FL3X21R"}]}
            """;
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer, body));
        // Registered now, or by an earlier run of this test against the same suite.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
        var eligibility = await EligibilityAsync("91310000630405061X", "2026-06-01", officer);
        Assert.True(eligibility.GetProperty("eligible").GetBoolean());
    }

    private async Task<JsonElement> EligibilityAsync(string uscc, string asOf, string token)
    {
        using var response = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}/eligibility?asOf={asOf}", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}

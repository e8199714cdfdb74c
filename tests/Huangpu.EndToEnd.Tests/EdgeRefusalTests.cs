using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// What an outside tester probes: text a database cannot store, fields that do not exist or are not the caller's
/// to set, tokens that say too little, replays by someone else, and the shapes of every refusal.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed partial class EdgeRefusalTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("en-US", true)]
    [InlineData("fr-FR, en;q=0.5, zh;q=0.4", true)]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", false)]
    [InlineData("fr-FR", false)]
    public async Task Refusals_answer_in_the_callers_language_chinese_unless_english_is_preferred(string? acceptLanguage, bool english)
    {
        var officer = await platform.TokenAsync("case_officer");
        var valid = TestCodes.NewUscc();
        var wrong = valid[..17] + (valid[17] == '0' ? '1' : '0');
        HttpRequestMessage Asking(HttpRequestMessage request) => acceptLanguage is null ? request : request.InEnglish(acceptLanguage);

        // A service's refusal, transcoded.
        using (var refused = await platform.Rest.SendAsync(Asking(Post("/api/v1/organizations", officer, Organization(wrong)))))
        {
            var status = await refused.JsonAsync();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            AssertInLanguage(status.GetProperty("message").GetString()!, english);
            Assert.Equal(["zh-CN", "en-US"], status.Details("google.rpc.LocalizedMessage").Select(d => d.GetProperty("locale").GetString()));
        }

        // The gateway's own refusal: no token.
        using (var anonymous = await platform.Rest.SendAsync(Asking(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/organizations/{valid}"))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            AssertInLanguage((await anonymous.JsonAsync()).GetProperty("message").GetString()!, english);
        }

        // gRPC: the status message follows the call's accept-language metadata the same way.
        var headers = PlatformFixture.Bearer(officer);
        if (acceptLanguage is not null)
        {
            headers.Add("accept-language", acceptLanguage);
        }

        var registry = new Huangpu.Grpc.Registry.V1.RegistryService.RegistryServiceClient(platform.Grpc);
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await registry.GetOrganizationAsync(new() { Uscc = TestCodes.NewUscc() }, headers));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        AssertInLanguage(missing.Status.Detail, english);
    }

    private static void AssertInLanguage(string message, bool english) =>
        Assert.True(ChineseText().IsMatch(message) != english, $"expected {(english ? "English" : "Chinese")}: {message}");

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseText();

    [Fact]
    public async Task A_nul_character_in_a_text_field_is_400_naming_it_with_no_internals_and_nothing_is_stored()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer,
            $$"""{"uscc":"{{uscc}}","name":"上海\u0000人力资源有限公司","legalForm":"LEGAL_FORM_LEGAL_ENTITY","registeredDistrictCode":"310101"}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name"], JsonDocument.Parse(text).RootElement.ViolatedFields());
        AssertNoInternals(text);
        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/audit?subject=%00", "subject")]
    [InlineData("/api/v1/applications?organizationUscc=%00", "organizationUscc")]
    public async Task A_nul_character_in_a_query_parameter_is_400_naming_it(string path, string field)
    {
        var auditor = await platform.TokenAsync("auditor");
        using var response = await platform.Rest.SendAsync(Get(path, auditor));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], JsonDocument.Parse(text).RootElement.ViolatedFields());
        AssertNoInternals(text);
    }

    [Fact]
    public async Task Text_of_only_invisible_characters_is_400_naming_the_field_over_grpc_too()
    {
        var officer = await platform.TokenAsync("case_officer");
        var client = new Huangpu.Grpc.Registry.V1.RegistryService.RegistryServiceClient(platform.Grpc);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.RegisterOrganizationAsync(
            new Huangpu.Grpc.Registry.V1.RegisterOrganizationRequest { Uscc = TestCodes.NewUscc(), Name = "\u200B\u200B \u3000" },
            PlatformFixture.Bearer(officer)));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("name", Assert.Single(refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task An_unknown_field_is_400_naming_it_and_nothing_is_stored()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer,
            $$"""{"uscc":"{{uscc}}","name":"上海测试人力资源有限公司","isAdmin":true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["isAdmin"], (await response.JsonAsync()).ViolatedFields());
        using var read = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("creditRecords", "[]")]
    [InlineData("abnormalListings", "[]")]
    [InlineData("source", "\"DATA_SOURCE_APPLICANT\"")]
    [InlineData("industryDirectionJudgedBy", "\"applicant-1\"")]
    [InlineData("version", "\"9\"")]
    public async Task An_applicant_sending_a_field_the_bureaus_set_is_403_naming_it_and_nothing_changes(string field, string value)
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using (var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc))))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var patch = PostRaw($"/api/v1/organizations/{uscc}", applicant, $$"""{"name":"上海改名人力资源有限公司","{{field}}":{{value}}}""");
        patch.Method = HttpMethod.Patch;
        using var response = await platform.Rest.SendAsync(patch);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([field], (await response.JsonAsync()).ViolatedFields());
        var organization = await (await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}", officer))).JsonAsync();
        Assert.Equal("上海测试人力资源有限公司", organization.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_enum_name_and_a_number_for_a_string_are_400_in_the_contract_shape_without_type_names()
    {
        var officer = await platform.TokenAsync("case_officer");
        foreach (var (json, field) in new[]
                 {
                     ($$"""{"uscc":"{{TestCodes.NewUscc()}}","name":"上海测试","legalForm":"LEGAL_FORM_PARTNERSHIP"}""", "legalForm"),
                     ($$"""{"uscc":"{{TestCodes.NewUscc()}}","name":12345}""", "name"),
                 })
        {
            using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", officer, json));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var status = JsonDocument.Parse(text).RootElement;
            Assert.Equal([field], status.ViolatedFields());
            Assert.Equal(3, status.GetProperty("code").GetInt32());
            Assert.Equal(["zh-CN", "en-US"], status.Details("google.rpc.LocalizedMessage").Select(d => d.GetProperty("locale").GetString()));
            Assert.DoesNotContain("Huangpu.Grpc", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not correctly formatted", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_person_id_hash_is_in_no_answer()
    {
        var officer = await platform.TokenAsync("case_officer");
        var uscc = TestCodes.NewUscc();
        using (var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new
        {
            uscc,
            name = "上海哈希测试人力资源有限公司",
            legalForm = "LEGAL_FORM_LEGAL_ENTITY",
            registeredDistrictCode = "310101",
            legalRepresentative = new { name = "张三", idNumber = "310101199001011234" },
            seniorManagers = new[] { new { name = "李四", idNumber = "310101198505052345" } },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            AssertNoPersonIdentifiers(await created.Content.ReadAsStringAsync());
        }

        using (var patched = await platform.Rest.SendAsync(Patch($"/api/v1/organizations/{uscc}", officer, new
        {
            shareholders = new[] { new { name = "王五", idNumber = "310101197707073456" } },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            AssertNoPersonIdentifiers(await patched.Content.ReadAsStringAsync());
        }

        foreach (var role in new[] { "case_officer", "compliance_officer", "auditor" })
        {
            var token = await platform.TokenAsync(role);
            foreach (var path in new[] { $"/api/v1/organizations/{uscc}", $"/api/v1/organizations/{uscc}/changes" })
            {
                using var read = await platform.Rest.SendAsync(Get(path, token));
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                var text = await read.Content.ReadAsStringAsync();
                AssertNoPersonIdentifiers(text);
                if (path.EndsWith("changes", StringComparison.Ordinal))
                {
                    Assert.Contains("hasIdNumber", text, StringComparison.Ordinal);
                }
            }
        }

        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        using var own = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{uscc}/changes", applicant));
        AssertNoPersonIdentifiers(await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_applicant_token_without_an_organisation_is_refused_and_lists_nothing()
    {
        var token = platform.SignToken(new Dictionary<string, string> { ["sub"] = "portal-user", ["role"] = "applicant" });
        using var list = await platform.Rest.SendAsync(Get("/api/v1/applications", token));
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);

        // Straight to the gRPC port as well: no process reads a missing organisation as "all of them".
        var client = new Huangpu.Grpc.Applications.V1.ApplicationsService.ApplicationsServiceClient(platform.Grpc);
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ListApplicationsAsync(new Huangpu.Grpc.Applications.V1.ListApplicationsRequest(), PlatformFixture.Bearer(token)));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task A_replay_of_another_organisation_s_key_by_the_same_subject_is_checked_like_a_fresh_request()
    {
        var officer = await platform.TokenAsync("case_officer");
        var first = TestCodes.NewUscc();
        var second = TestCodes.NewUscc();
        foreach (var uscc in new[] { first, second })
        {
            using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        // One person acting for two organisations, one subject in both tokens.
        var forFirst = await platform.TokenAsync("applicant", organizationUscc: first, subject: "agent-7");
        var forSecond = await platform.TokenAsync("applicant", organizationUscc: second, subject: "agent-7");
        using var draft = await platform.Rest.SendAsync(Post("/api/v1/applications", forFirst, new
        {
            policyId = "HRS-2024-2",
            organizationUscc = first,
            itemCode = "4.2",
            title = "代理人草稿",
            draft = true,
        }));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var id = (await draft.JsonAsync()).GetProperty("applicationId").GetString();

        var key = $"replay-{Guid.NewGuid():N}";
        using (var withdrawn = await platform.Rest.SendAsync(Post($"/api/v1/applications/{id}:withdraw", forFirst, new { reason = "撤回" }, key)))
        {
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }

        using var replay = await platform.Rest.SendAsync(Post($"/api/v1/applications/{id}:withdraw", forSecond, new { reason = "撤回" }, key));
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.DoesNotContain(first, await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_without_a_token_is_401_not_400()
    {
        using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/organizations", token: null, """{"uscc": """));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_grpc_content_type_on_a_rest_route_keeps_the_json_body_limit()
    {
        var officer = await platform.TokenAsync("case_officer");
        var body = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations") { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officer);
        using var response = await platform.Rest.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Html_that_begins_like_a_pdf_is_not_stored_as_one()
    {
        var officer = await platform.TokenAsync("case_officer");
        var bytes = Encoding.UTF8.GetBytes($"%PDF-<html><body><script>alert('{Guid.NewGuid()}')</script></body></html>");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{Convert.ToHexStringLower(SHA256.HashData(bytes))}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officer);
        using var response = await platform.Rest.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["content"], (await response.JsonAsync()).ViolatedFields());
    }

    [Theory]
    [InlineData("/api/v1/applications?pageSize=100000")]
    [InlineData("/api/v1/audit?subject=91310000630405061X&pageSize=100000")]
    [InlineData("/api/v1/organizations/91310000630405061X/changes?pageSize=100000")]
    public async Task A_page_size_above_the_maximum_is_coerced_to_it_in_every_service(string path)
    {
        var auditor = await platform.TokenAsync("auditor");
        using var response = await platform.Rest.SendAsync(Get(path, auditor));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // The organisation of the example does not exist here; the page size was not what was refused.
            Assert.DoesNotContain("pageSize", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var negative = await platform.Rest.SendAsync(Get(path.Replace("100000", "-1", StringComparison.Ordinal), auditor));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(["pageSize"], (await negative.JsonAsync()).ViolatedFields());
    }

    private static void AssertNoInternals(string text)
    {
        foreach (var word in new[] { "Exception", "Postgres", "22021", "22P05", "Npgsql", "   at " })
        {
            Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }
    }

    private static void AssertNoPersonIdentifiers(string text)
    {
        Assert.DoesNotContain("idNumberHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("3101011990", text, StringComparison.Ordinal);
        Assert.False(Sha256Like().IsMatch(text), "an answer carries a 64-hex value");
    }

    [GeneratedRegex("[0-9a-fA-F]{64}")]
    private static partial Regex Sha256Like();
}

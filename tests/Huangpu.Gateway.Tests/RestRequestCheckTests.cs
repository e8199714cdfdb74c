using System.Text;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Huangpu.Gateway.Tests;

/// <summary>The gateway's check of REST requests against their method's proto: every refusal names its field.</summary>
public sealed class RestRequestCheckTests
{
    [Theory]
    [InlineData("post", "/api/v1/organizations", "RegisterOrganization")]
    [InlineData("patch", "/api/v1/organizations/91310000630405061X", "UpdateOrganization")]
    [InlineData("get", "/api/v1/organizations/91310000630405061X/eligibility", "CheckEligibility")]
    [InlineData("post", "/api/v1/applications", "SubmitApplication")]
    [InlineData("post", "/api/v1/applications/0193f0a8-0000-7000-8000-000000000000:accept", "AcceptApplication")]
    [InlineData("get", "/api/v1/applications/0193f0a8-0000-7000-8000-000000000000", "GetApplication")]
    [InlineData("get", "/api/v1/audit:verify", "VerifyAuditTrail")]
    public void A_path_and_verb_find_the_method_transcoding_serves(string verb, string path, string method)
    {
        var found = RestRequestCheck.Find(verb, path);
        Assert.NotNull(found);
        Assert.Equal(method, found.Value.Route.Method.Name);
    }

    [Theory]
    [InlineData("""{"uscc": "x",}""", "line 1, byte 14")]
    [InlineData("{\n  \"uscc\": \n}", "line 3, byte 1")]
    public async Task Malformed_json_is_located_by_line_and_byte(string json, string where)
    {
        var refusal = await CheckAsync("post", "/api/v1/organizations", json);
        Assert.Equal(StatusCode.InvalidArgument, refusal!.StatusCode);
        Assert.Contains(where, refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_formed_registration_passes()
    {
        Assert.Null(await CheckAsync("post", "/api/v1/organizations", """
            {"uscc":"91310000630405061X","name":"上海某某人力资源有限公司","legalForm":"LEGAL_FORM_LEGAL_ENTITY",
             "hrLicence":{"number":"沪人社许字第00001号","validFrom":"2023-01-01","validTo":"2027-12-31"},
             "industryDirectionConfirmed":true,"shareholders":[{"name":"上海某某控股有限公司","uscc":"91310101MA1FL3X21R"}]}
            """));
    }

    [Fact]
    public async Task An_unknown_field_is_refused_naming_it()
    {
        var refusal = await CheckAsync("post", "/api/v1/organizations", """{"uscc":"91310000630405061X","name":"x","isAdmin":true}""");
        Assert.Equal(StatusCode.InvalidArgument, refusal!.StatusCode);
        Assert.Equal(["isAdmin"], Fields(refusal));
    }

    [Theory]
    [InlineData("creditRecords", "[]")]
    [InlineData("abnormalListings", "[]")]
    [InlineData("source", "\"DATA_SOURCE_OFFICER\"")]
    [InlineData("industryDirectionJudgedBy", "\"me\"")]
    [InlineData("version", "\"7\"")]
    public async Task A_field_the_platform_or_a_bureau_sets_is_refused_with_403_naming_it(string field, string value)
    {
        var refusal = await CheckAsync("patch", "/api/v1/organizations/91310000630405061X", $$"""{"name":"x","{{field}}":{{value}}}""");
        Assert.Equal(StatusCode.PermissionDenied, refusal!.StatusCode);
        Assert.Equal([field], Fields(refusal));
    }

    [Fact]
    public async Task An_unknown_enum_name_is_refused_naming_the_field_and_the_allowed_names_without_type_names()
    {
        var refusal = await CheckAsync("post", "/api/v1/organizations", """{"uscc":"91310000630405061X","name":"x","legalForm":"LEGAL_FORM_PARTNERSHIP"}""");
        Assert.NotNull(refusal);
        Assert.Equal(["legalForm"], Fields(refusal));
        var text = refusal.GetRpcStatus()!.ToString();
        Assert.Contains("LEGAL_FORM_NON_LEGAL_ENTITY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Huangpu.Grpc", text, StringComparison.Ordinal);
        Assert.Contains(refusal.GetRpcStatus()!.Details, d => d.Is(LocalizedMessage.Descriptor));
    }

    [Theory]
    [InlineData("""{"organizationUscc":"91310000630405061X","title":123}""", "title")]
    [InlineData("""{"organizationUscc":"91310000630405061X","requestedAmountFen":"12.5"}""", "requestedAmountFen")]
    [InlineData("""{"organizationUscc":"91310000630405061X","draft":"yes"}""", "draft")]
    [InlineData("""{"organizationUscc":"91310000630405061X","documents":[{"sha256":7,"name":"a.pdf"}]}""", "documents[0].sha256")]
    [InlineData("""{"organizationUscc":"91310000630405061X","documents":{"sha256":"a"}}""", "documents")]
    [InlineData("""{"organizationUscc":"91310000630405061X","declaration":{"signedAt":"yesterday"}}""", "declaration.signedAt")]
    [InlineData("""{"organizationUscc":"91310000630405061X","title":"a\u0000b"}""", "title")]
    [InlineData("""{"organizationUscc":"91310000630405061X","summary":"\u200b \u200b"}""", "summary")]
    public async Task A_value_of_the_wrong_kind_is_refused_naming_its_field(string json, string field)
    {
        var refusal = await CheckAsync("post", "/api/v1/applications", json);
        Assert.Equal(StatusCode.InvalidArgument, refusal!.StatusCode);
        Assert.Equal([field], Fields(refusal));
    }

    [Fact]
    public async Task The_raw_document_upload_is_not_read_as_json()
    {
        Assert.Null(await CheckAsync("put", "/api/v1/documents/" + new string('a', 64), "%PDF-1.7 not json"));
    }

    [Theory]
    [InlineData("status", "APPLICATION_STATUS_NONSENSE")]
    [InlineData("pageSize", "ten")]
    [InlineData("isAdmin", "true")]
    [InlineData("organizationUscc", "\0")]
    public void A_bad_query_parameter_is_refused_naming_it(string key, string value)
    {
        var (route, pathFields) = RestRequestCheck.Find("get", "/api/v1/applications")!.Value;
        var refusal = RestRequestCheck.Query(route, pathFields, new QueryCollection(new Dictionary<string, StringValues> { [key] = value }));
        Assert.Equal([key], Fields(refusal!));
    }

    [Fact]
    public void Good_query_parameters_pass()
    {
        var (route, pathFields) = RestRequestCheck.Find("get", "/api/v1/applications")!.Value;
        Assert.Null(RestRequestCheck.Query(route, pathFields, new QueryCollection(new Dictionary<string, StringValues>
        {
            ["status"] = "APPLICATION_STATUS_SUBMITTED",
            ["pageSize"] = "10",
            ["organizationUscc"] = "91310000630405061X",
        })));
    }

    private static async Task<RpcException?> CheckAsync(string verb, string path, string body)
    {
        var (route, pathFields) = RestRequestCheck.Find(verb, path)!.Value;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await RestRequestCheck.BodyAsync(route, pathFields, stream, CancellationToken.None);
    }

    private static IReadOnlyList<string> Fields(RpcException refusal) =>
        [.. refusal.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field)];
}

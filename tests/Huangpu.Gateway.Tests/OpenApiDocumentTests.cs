namespace Huangpu.Gateway.Tests;

public sealed class OpenApiDocumentTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Document = OpenApiDocument.Build();

    [Theory]
    [MemberData(nameof(GatewayRoutesTests.TranscodedRoutes), MemberType = typeof(GatewayRoutesTests))]
    public void Every_transcoded_route_is_in_the_document_with_its_verb(string method, string verb, string httpTemplate)
    {
        var operation = Document["paths"]?[httpTemplate]?[verb];
        Assert.True(operation is not null, $"{verb.ToUpperInvariant()} {httpTemplate} is missing");
        var service = method.Split('.')[^2];
        var name = method.Split('.')[^1];
        Assert.Equal($"{service}.{name}", operation["operationId"]!.GetValue<string>());
    }

    [Fact]
    public void Int64_fields_are_strings_and_enums_list_their_proto_names()
    {
        var organization = Document["components"]!["schemas"]!["huangpu.registry.v1.Organization"]!["properties"]!;
        Assert.Equal("string", organization["version"]!["type"]!.GetValue<string>());
        Assert.Equal("int64", organization["version"]!["format"]!.GetValue<string>());
        Assert.Contains("LEGAL_FORM_LEGAL_ENTITY", organization["legalForm"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("date-time", organization["createdAt"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public void Writes_document_the_idempotency_key_and_reads_their_query_parameters()
    {
        var register = Document["paths"]!["/api/v1/organizations"]!["post"]!;
        Assert.Contains(register["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
        var eligibility = Document["paths"]!["/api/v1/organizations/{uscc}/eligibility"]!["get"]!;
        Assert.Equal(["uscc", "asOf"], eligibility["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }
}

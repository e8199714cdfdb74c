using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Huangpu.Grpc;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// Default deny, walked over the whole surface: every operation of the OpenAPI document and every gRPC method on the
/// gateway's gRPC port, with no token, an expired token, a token signed with another key and an <c>alg: none</c>
/// token, is refused as unauthenticated — except the operations of open disclosure, listed here, which need none.
/// A token that fails is never read as anonymous access to anything else.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class AuthenticationMatrixTests(PlatformFixture platform)
{
    /// <summary>The only REST operations open without a token (公开): the public notice and award lists and the statistics.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /api/v1/disclosures/{}/notices",
        "GET /api/v1/disclosures/{}/awards",
        "GET /api/v1/disclosures/{}/statistics",
    };

    private Dictionary<string, string?> BadTokens()
    {
        var claims = new Dictionary<string, string> { ["sub"] = "intruder", ["role"] = "case_officer" };
        return new()
        {
            ["no token"] = null,
            ["expired"] = platform.SignToken(claims, expiresIn: TimeSpan.FromMinutes(-10)),
            ["another key"] = platform.SignToken(claims, key: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["alg none"] = platform.SignToken(claims, algNone: true),
        };
    }

    [Fact]
    public async Task Every_rest_operation_refuses_a_missing_expired_forged_or_unsigned_token_with_401_but_open_disclosure()
    {
        using var document = await platform.Rest.GetAsync("/openapi/v1.json");
        var paths = (await document.JsonAsync()).GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(verb => (Verb: verb.Name.ToUpperInvariant(), Path: p.Name)))
            .ToList();
        static string Key(string verb, string path) => $"{verb} {System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "{}")}";
        Assert.True(operations.Count > 60, $"only {operations.Count} operations in the document");
        Assert.All(Public, p => Assert.Contains(operations, o => Key(o.Verb, o.Path) == p));

        var wrong = new List<string>();
        foreach (var (verb, path) in operations)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "HRS-2024-2");
            foreach (var (name, token) in BadTokens())
            {
                using var request = new HttpRequestMessage(new HttpMethod(verb), url);
                if (verb is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await platform.Rest.SendAsync(request);
                var isPublic = Public.Contains(Key(verb, path));
                if (isPublic ? response.StatusCode == HttpStatusCode.Unauthorized : response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    wrong.Add($"{verb} {path} with {name}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Every_grpc_method_on_the_gateway_refuses_a_missing_expired_forged_or_unsigned_token_as_unauthenticated()
    {
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var invoker = platform.Grpc.CreateCallInvoker();
        // Operations are REST only at the gateway (/ops/v1/{service}/...), walked with the document above.
        var methods = PublicServices.All
            .SelectMany(s => s.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming).Select(m => (Service: s.FullName, Method: m.Name)))
            .ToList();
        Assert.True(methods.Count > 60, $"only {methods.Count} methods");

        var wrong = new List<string>();
        foreach (var (service, name) in methods)
        {
            var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, bytes, bytes);
            foreach (var (variant, token) in BadTokens())
            {
                var headers = token is null ? new Metadata() : PlatformFixture.Bearer(token);
                try
                {
                    await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(10)), []);
                    wrong.Add($"{service}/{name} with {variant}: OK");
                }
                catch (RpcException ex) when (ex.StatusCode != StatusCode.Unauthenticated)
                {
                    wrong.Add($"{service}/{name} with {variant}: {ex.StatusCode}");
                }
                catch (RpcException)
                {
                    // Unauthenticated: as it should be.
                }
            }
        }

        Assert.Empty(wrong);
    }
}

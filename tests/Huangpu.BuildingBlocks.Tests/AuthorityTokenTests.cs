using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Huangpu.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Tests;

/// <summary>
/// The production path: tokens from an external OpenID Connect authority, trusted through its discovery document
/// and JWKS (a small authority on a real port here). The shared key beside it signs the platform's service
/// accounts only.
/// </summary>
public sealed class AuthorityTokenTests : IAsyncLifetime
{
    private const string Audience = "huangpu-platform";
    private const string SharedKey = "a-shared-key-of-at-least-32-bytes-for-tests";

    private readonly RsaSecurityKey _authorityKey = new(RSA.Create(2048)) { KeyId = "city-login-1" };
    private WebApplication _authority = null!;
    private WebApplication _service = null!;
    private HttpClient _client = null!;
    private string _issuer = null!;

    public async Task InitializeAsync()
    {
        var authority = WebApplication.CreateBuilder();
        authority.WebHost.UseUrls("http://127.0.0.1:0");
        _authority = authority.Build();
        _authority.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = $"{_issuer}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        var publicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_authorityKey.Rsa.ExportParameters(false)) { KeyId = _authorityKey.KeyId });
        _authority.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = publicKey.Kty, ["kid"] = publicKey.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = publicKey.N, ["e"] = publicKey.E } },
        }));
        await _authority.StartAsync();
        _issuer = _authority.Urls.Single().TrimEnd('/');

        var service = WebApplication.CreateBuilder();
        service.WebHost.UseTestServer();
        service.Configuration["Auth:Authority"] = _issuer;
        service.Configuration["Auth:RequireHttpsMetadata"] = "false";
        service.Configuration["Auth:Audience"] = Audience;
        service.Configuration["Auth:SigningKey"] = SharedKey;
        service.AddPlatformAuthentication();
        _service = service.Build();
        _service.UseAuthentication();
        _service.UseAuthorization();
        _service.MapGet("/who", (HttpContext context) => context.User.SubjectOrAnonymous());
        await _service.StartAsync();
        _client = _service.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _authority.DisposeAsync();
        _authorityKey.Rsa.Dispose();
    }

    [Fact]
    public async Task A_token_signed_by_the_authoritys_published_key_is_accepted()
    {
        using var response = await CallAsync(Token(_authorityKey, SecurityAlgorithms.RsaSha256, "case_officer", _issuer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("officer-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_signed_by_any_other_key_is_refused()
    {
        using var stranger = RSA.Create(2048);
        using var response = await CallAsync(Token(new RsaSecurityKey(stranger) { KeyId = _authorityKey.KeyId }, SecurityAlgorithms.RsaSha256, "case_officer", _issuer));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_wrong_audience_and_unsigned_tokens_are_refused()
    {
        using var expired = await CallAsync(Token(_authorityKey, SecurityAlgorithms.RsaSha256, "case_officer", _issuer, expires: DateTime.UtcNow.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        using var audience = await CallAsync(Token(_authorityKey, SecurityAlgorithms.RsaSha256, "case_officer", _issuer, audience: "another-system"));
        Assert.Equal(HttpStatusCode.Unauthorized, audience.StatusCode);
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "officer-1", ["role"] = "case_officer" },
        });
        using var none = await CallAsync(unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task Beside_an_authority_the_shared_key_signs_service_accounts_only()
    {
        var sharedKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SharedKey));
        using var person = await CallAsync(Token(sharedKey, SecurityAlgorithms.HmacSha256, "case_officer", "huangpu-platform"));
        Assert.Equal(HttpStatusCode.Unauthorized, person.StatusCode);
        using var service = await CallAsync(Token(sharedKey, SecurityAlgorithms.HmacSha256, "service", "huangpu-platform"));
        Assert.Equal(HttpStatusCode.OK, service.StatusCode);
    }

    private static string Token(SecurityKey key, string algorithm, string role, string issuer, DateTime? expires = null, string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = role == "service" ? "registry" : "officer-1", ["role"] = role },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });

    private Task<HttpResponseMessage> CallAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _client.SendAsync(request);
    }
}

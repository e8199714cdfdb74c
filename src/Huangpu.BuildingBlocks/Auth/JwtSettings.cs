using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>
/// Bound from the <c>Auth</c> section; the AppHost hands every process the same values. Two ways to trust a token:
/// a shared HMAC key (<see cref="SigningKey"/>, development and the suite's own service accounts), or, when
/// <see cref="Authority"/> is set, an external OpenID Connect authority whose published keys (JWKS, from its
/// discovery document) sign the tokens — the production path (docs/security.md).
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Auth";

    public string Issuer { get; set; } = "huangpu-platform";

    public string Audience { get; set; } = "huangpu-platform";

    /// <summary>
    /// The OpenID Connect authority (e.g. the city's unified login), whose <c>/.well-known/openid-configuration</c>
    /// names its JWKS; set, tokens must be signed by one of its keys with an algorithm of <see cref="Algorithms"/>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The authority's discovery document must come over HTTPS (off only for a local test authority).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The algorithms accepted from the authority (pinned: never <c>none</c>, never a symmetric one).</summary>
    public string[] Algorithms { get; set; } = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>Tokens come from an external authority rather than the shared key.</summary>
    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    public string SigningKey { get; set; } = string.Empty;

    public SymmetricSecurityKey CreateKey()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}

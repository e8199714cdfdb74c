using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>Bound from the <c>Auth</c> section; the AppHost hands every process the same values.</summary>
public sealed class JwtSettings
{
    public const string SectionName = "Auth";

    public string Issuer { get; set; } = "huangpu-platform";

    public string Audience { get; set; } = "huangpu-platform";

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

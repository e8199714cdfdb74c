using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>Issues platform JWTs: the gateway's Development-only <c>/dev/token</c>, tests and benchmarks.</summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider clock)
{
    public string Issue(string subject, string role, string? organizationUscc = null, string? bureau = null, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, subject),
            new(PlatformClaims.Role, role),
        };
        if (!string.IsNullOrEmpty(organizationUscc))
        {
            claims.Add(new Claim(PlatformClaims.Organization, organizationUscc));
        }

        if (!string.IsNullOrEmpty(bureau))
        {
            claims.Add(new Claim(PlatformClaims.Bureau, bureau));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(settings.CreateKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

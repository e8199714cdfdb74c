using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>
/// JWT validation that remembers tokens it has already found valid, so a caller sending the same bearer token
/// again is not parsed and HMAC-checked on every call. The key is the whole token string (any change to any
/// byte is another key, validated in full); an entry lives until the token's own expiry or
/// <see cref="MaxEntryLifetime"/>, whichever is first, and is re-checked against the clock on every hit.
/// Only successful validations are remembered; each hit hands out a copy of the identity.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider clock, int capacity = 10_000) : JsonWebTokenHandler, IDisposable
{
    public static readonly TimeSpan MaxEntryLifetime = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = capacity, Clock = new SystemClockOf(clock) });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out Validated? known) && known!.ValidTo > now && StillTrusted(known.SigningKey, validationParameters))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } securityToken && result.ClaimsIdentity is { } identity)
        {
            var validTo = securityToken.ValidTo;
            var until = now + MaxEntryLifetime;
            _validated.Set(
                token,
                new Validated(identity.Clone(), securityToken, result.Issuer, result.TokenType, validTo, securityToken.SigningKey ?? validationParameters.IssuerSigningKey),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = validTo < until ? validTo : until });
        }

        return result;
    }

    /// <summary>
    /// The key a token was checked with is still one of the keys trusted now: the configured key, or one of the
    /// authority's published keys (a rotated-out key, or a refreshed key set, means validating again).
    /// </summary>
    private static bool StillTrusted(SecurityKey? key, TokenValidationParameters parameters) =>
        key is not null
        && (ReferenceEquals(key, parameters.IssuerSigningKey) || parameters.IssuerSigningKeys?.Any(k => ReferenceEquals(k, key)) == true);

    public void Dispose() => _validated.Dispose();

#pragma warning disable CS0618 // MemoryCacheOptions.Clock still takes ISystemClock
    private sealed class SystemClockOf(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
#pragma warning restore CS0618

    /// <summary>A validated token; <see cref="SigningKey"/> is the key it was checked with (another key means validating again).</summary>
    private sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string Issuer, string TokenType, DateTime ValidTo, SecurityKey? SigningKey);
}

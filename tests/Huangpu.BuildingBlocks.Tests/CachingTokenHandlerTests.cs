using Huangpu.BuildingBlocks.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Tests;

/// <summary>A remembered validation never outlives the token, never covers another byte string, never another key.</summary>
public sealed class CachingTokenHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly JwtSettings _settings = new() { SigningKey = new string('k', 48) };
    private readonly CachingTokenHandler _handler = new(TimeProvider.System);

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task The_same_token_is_valid_again_with_its_claims_and_a_fresh_identity()
    {
        var token = new TokenIssuer(_settings, _clock).Issue("officer-1", PlatformRoles.CaseOfficer);
        var parameters = Parameters(_settings.CreateKey());

        var first = await _handler.ValidateTokenAsync(token, parameters);
        var second = await _handler.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("officer-1", second.ClaimsIdentity.Name);
        Assert.Equal(PlatformRoles.CaseOfficer, second.ClaimsIdentity.FindFirst(PlatformClaims.Role)?.Value);
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        // Full validation reads the system clock, so this one runs on real time: a two-second token, no skew.
        var token = new TokenIssuer(_settings, TimeProvider.System).Issue("officer-1", PlatformRoles.CaseOfficer, lifetime: TimeSpan.FromSeconds(2));
        var parameters = Parameters(_settings.CreateKey());
        parameters.ClockSkew = TimeSpan.Zero;
        var first = await _handler.ValidateTokenAsync(token, parameters);
        Assert.True(first.IsValid);

        while (DateTime.UtcNow <= first.SecurityToken.ValidTo)
        {
            await Task.Delay(100);
        }

        var late = await _handler.ValidateTokenAsync(token, parameters);
        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
    }

    [Fact]
    public async Task A_token_differing_in_one_signature_byte_is_validated_in_full_and_refused()
    {
        var token = new TokenIssuer(_settings, _clock).Issue("officer-1", PlatformRoles.CaseOfficer);
        var parameters = Parameters(_settings.CreateKey());
        Assert.True((await _handler.ValidateTokenAsync(token, parameters)).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        Assert.False((await _handler.ValidateTokenAsync(tampered, parameters)).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_under_another_signing_key()
    {
        var token = new TokenIssuer(_settings, _clock).Issue("officer-1", PlatformRoles.CaseOfficer);
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_settings.CreateKey()))).IsValid);

        var rotated = Parameters(new JwtSettings { SigningKey = new string('r', 48) }.CreateKey());
        Assert.False((await _handler.ValidateTokenAsync(token, rotated)).IsValid);
    }

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = _settings.Issuer,
        ValidAudience = _settings.Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = PlatformClaims.Subject,
        RoleClaimType = PlatformClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

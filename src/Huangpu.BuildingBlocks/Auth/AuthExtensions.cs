using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// JWT bearer validation with the contract's claim names: issuer, audience and lifetime checked, 30 s of clock
    /// skew, the algorithm pinned; the key either the shared HS256 key or, with <c>Auth:Authority</c> set, the
    /// authority's published keys (RS256/ES256).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.SaveToken = false; // nothing reads the raw token back from the authentication properties
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    NameClaimType = PlatformClaims.Subject,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                };
                if (settings.UsesAuthority)
                {
                    // People and partner bureaus: the authority's keys, from its discovery document and JWKS (the
                    // handler adds them to the keys below and refreshes them as the authority rotates them). The
                    // platform's own service accounts keep the shared key, when one is configured.
                    options.Authority = settings.Authority;
                    options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                    options.TokenValidationParameters.ValidAlgorithms = string.IsNullOrEmpty(settings.SigningKey)
                        ? settings.Algorithms
                        : [.. settings.Algorithms, SecurityAlgorithms.HmacSha256];
                    options.TokenValidationParameters.IssuerSigningKeys = string.IsNullOrEmpty(settings.SigningKey) ? [] : [settings.CreateKey()];
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = settings.CreateKey();
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                options.Events = new JwtBearerEvents { OnTokenValidated = context => RequireBinding(context, settings) };
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider>((options, clock) =>
            {
                // Validated tokens are remembered until they expire: the same caller's next call skips parsing and the HMAC.
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingTokenHandler(clock));
            });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RpcStatusAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// An applicant acts for one organisation and a partner bureau for one bureau: a token of either role that
    /// does not say which is refused in every process (an identity provider other than /dev/token might issue one),
    /// never read as "all of them".
    /// </summary>
    private static Task RequireBinding(TokenValidatedContext context, JwtSettings settings)
    {
        var user = context.Principal;
        var role = user?.RoleOrNone();
        if (settings.UsesAuthority && role != PlatformRoles.Service
            && context.SecurityToken is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { Alg: SecurityAlgorithms.HmacSha256 })
        {
            // Beside an authority, the shared key signs only the platform's own service accounts: a person or a
            // bureau is who the authority says, never who a holder of the key says.
            context.Fail("Only the platform's service accounts may present a token signed with the shared key.");
        }
        else if (role == PlatformRoles.Applicant && string.IsNullOrWhiteSpace(user!.OrganizationUscc()))
        {
            context.Fail("An applicant token must name its organisation (claim 'org').");
        }
        else if (role == PlatformRoles.PartnerBureau && !PartnerBureaus.All.Contains(user!.Bureau() ?? string.Empty))
        {
            context.Fail("A partner_bureau token must name its bureau (claim 'bureau').");
        }

        return Task.CompletedTask;
    }
}

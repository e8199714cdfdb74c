using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Huangpu.BuildingBlocks.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer validation (issuer, audience, HS256 key from configuration) with the contract's claim names.</summary>
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
                    IssuerSigningKey = settings.CreateKey(),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = PlatformClaims.Subject,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents { OnTokenValidated = RequireBinding };
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
    private static Task RequireBinding(TokenValidatedContext context)
    {
        var user = context.Principal;
        var role = user?.RoleOrNone();
        if (role == PlatformRoles.Applicant && string.IsNullOrWhiteSpace(user!.OrganizationUscc()))
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

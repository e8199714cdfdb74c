using Huangpu.BuildingBlocks.Auth;
using Huangpu.Contracts;

namespace Huangpu.Gateway;

/// <summary><c>POST /dev/token</c>: signs a token for any role, in the Development environment only.</summary>
internal static class DevTokenEndpoint
{
    public static void MapDevToken(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapPost(DevelopmentTokens.Path, (DevTokenRequest request, TokenIssuer issuer) =>
        {
            var role = request.Role?.Trim() ?? string.Empty;
            if (!GatewayRoutes.IsKnownRole(role))
            {
                return Problem("role", $"Unknown role '{role}'; one of: {string.Join(", ", PlatformRoles.All)}.", $"未知角色“{role}”，可选：{string.Join("、", PlatformRoles.All)}。");
            }

            if (role == PlatformRoles.Applicant && string.IsNullOrWhiteSpace(request.OrganizationUscc))
            {
                return Problem("organizationUscc", "An applicant token names its organisation's USCC.", "申请人令牌须写明其机构的统一社会信用代码。");
            }

            if (role == PlatformRoles.PartnerBureau && !PartnerBureaus.All.Contains(request.Bureau ?? string.Empty))
            {
                return Problem("bureau", $"A partner_bureau token names its bureau: one of {string.Join(", ", PartnerBureaus.All)}.", $"合作部门令牌须写明部门，可选：{string.Join("、", PartnerBureaus.All)}。");
            }

            var subject = string.IsNullOrWhiteSpace(request.Subject) ? $"dev-{role}" : request.Subject.Trim();
            var token = issuer.Issue(
                subject,
                role,
                role == PlatformRoles.Applicant ? request.OrganizationUscc!.Trim().ToUpperInvariant() : null,
                role == PlatformRoles.PartnerBureau ? request.Bureau : null);
            return Results.Ok(new DevTokenResponse(token));
        }).AllowAnonymous();
    }

    private static IResult Problem(string field, string english, string chinese) => GatewayErrors.BadRequest(field, english, chinese);
}

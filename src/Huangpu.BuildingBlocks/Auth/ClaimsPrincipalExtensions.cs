using System.Security.Claims;

namespace Huangpu.BuildingBlocks.Auth;

public static class ClaimsPrincipalExtensions
{
    public static string SubjectOrAnonymous(this ClaimsPrincipal user) =>
        user.FindFirstValue(PlatformClaims.Subject) ?? "anonymous";

    public static string RoleOrNone(this ClaimsPrincipal user) =>
        user.FindFirstValue(PlatformClaims.Role) ?? string.Empty;

    public static string? OrganizationUscc(this ClaimsPrincipal user) =>
        user.FindFirstValue(PlatformClaims.Organization);

    public static string? Bureau(this ClaimsPrincipal user) =>
        user.FindFirstValue(PlatformClaims.Bureau);
}

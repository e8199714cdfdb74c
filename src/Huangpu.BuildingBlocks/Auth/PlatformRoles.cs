namespace Huangpu.BuildingBlocks.Auth;

/// <summary>The contract's roles (claim <c>role</c>).</summary>
public static class PlatformRoles
{
    public const string Applicant = "applicant";
    public const string CaseOfficer = "case_officer";
    public const string Expert = "expert";
    public const string JointReviewer = "joint_reviewer";
    public const string Finance = "finance";
    public const string ComplianceOfficer = "compliance_officer";
    public const string Auditor = "auditor";
    public const string PartnerBureau = "partner_bureau";
    public const string Ops = "ops";

    /// <summary>
    /// A platform service calling another on its own account (e.g. Applications asking Registry for
    /// eligibility). Not a contract role: /dev/token does not issue it; services mint it with the shared key.
    /// </summary>
    public const string Service = "service";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Applicant, CaseOfficer, Expert, JointReviewer, Finance, ComplianceOfficer, Auditor, PartnerBureau, Ops,
    };
}

/// <summary>The partner bureaus (claim <c>bureau</c> of a <c>partner_bureau</c>).</summary>
public static class PartnerBureaus
{
    public const string MarketSupervision = "market_supervision";
    public const string Credit = "credit";
    public const string CityHr = "city_hr";
    public const string Treasury = "treasury";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MarketSupervision, Credit, CityHr, Treasury,
    };
}

public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Organization = "org";
    public const string Bureau = "bureau";
}

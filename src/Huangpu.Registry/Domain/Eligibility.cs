namespace Huangpu.Registry.Domain;

/// <summary>A failed eligibility rule: a stable code and what it means in both languages.</summary>
public sealed record FailedRule(string Code, string MessageZh, string MessageEn);

/// <summary>Which rules apply, as configuration (<c>Eligibility</c> section): the policy's defaults.</summary>
public sealed class EligibilityOptions
{
    /// <summary>Districts that count as "located in Huangpu" (在黄浦区的), by GB/T 2260 code.</summary>
    public List<string> HuangpuDistrictCodes { get; set; } = ["310101"];

    /// <summary>Whether the tax domicile (税收户管地) must be in Huangpu too; the text does not ask it.</summary>
    public bool RequireTaxInHuangpu { get; set; }
}

/// <summary>What the rules read of an organisation on a date.</summary>
public sealed record EligibilityFacts(
    string RegisteredDistrictCode,
    string TaxDistrictCode,
    RegistrationStatus RegistrationStatus,
    DateOnly? RegistrationStatusSince,
    IReadOnlyList<Licence> Qualifications,
    IReadOnlyList<AbnormalOperationListing> AbnormalListings,
    IReadOnlyList<CreditRecord> CreditRecords,
    bool? IndustryDirectionConfirmed);

/// <summary>
/// The policy's 适用范围 as named rules with stable codes. Every failed rule is reported, not only the first,
/// so an applicant learns everything that stands in the way at once.
/// </summary>
public static class EligibilityRules
{
    public const string InHuangpu = "IN_HUANGPU";
    public const string HrServiceOrg = "HR_SERVICE_ORG";
    public const string OperatingNormally = "OPERATING_NORMALLY";
    public const string NoSeriousDishonesty = "NO_SERIOUS_DISHONESTY";
    public const string IndustryDirection = "INDUSTRY_DIRECTION";
    public const string TaxInHuangpu = "TAX_IN_HUANGPU";

    /// <summary>The rules' logic as this code evaluates it: raised whenever a rule's meaning changes.</summary>
    public const string LogicVersion = "HRS-2024-2/eligibility/1";

    /// <summary>
    /// Which rules an answer was evaluated under: the logic's version, the rules applied and their settings, e.g.
    /// "HRS-2024-2/eligibility/1;IN_HUANGPU(310101),HR_SERVICE_ORG,OPERATING_NORMALLY,NO_SERIOUS_DISHONESTY,INDUSTRY_DIRECTION".
    /// </summary>
    public static string RulesVersion(EligibilityOptions options) =>
        $"{LogicVersion};{InHuangpu}({string.Join('|', options.HuangpuDistrictCodes)}),{HrServiceOrg},{OperatingNormally},{NoSeriousDishonesty},{IndustryDirection}{(options.RequireTaxInHuangpu ? "," + TaxInHuangpu : string.Empty)}";

    public static IReadOnlyList<FailedRule> Evaluate(EligibilityFacts facts, DateOnly asOf, EligibilityOptions options)
    {
        var failed = new List<FailedRule>();
        if (!options.HuangpuDistrictCodes.Contains(facts.RegisteredDistrictCode))
        {
            failed.Add(new FailedRule(InHuangpu, "登记注册地不在黄浦区。", "The registered domicile is not in Huangpu District."));
        }

        if (!facts.Qualifications.Any(l => l.IsValidOn(asOf)))
        {
            failed.Add(new FailedRule(HrServiceOrg,
                $"{asOf:yyyy-MM-dd} 无有效的人力资源服务许可证、人力资源服务备案或劳务派遣经营许可证。",
                $"No HR service licence, HR service filing or labour-dispatch licence is valid on {asOf:yyyy-MM-dd}."));
        }

        var statusOnDate = facts.RegistrationStatus != RegistrationStatus.InBusiness
            && (facts.RegistrationStatusSince is null || facts.RegistrationStatusSince <= asOf)
            ? facts.RegistrationStatus
            : RegistrationStatus.InBusiness;
        if (facts.RegistrationStatus == RegistrationStatus.Unspecified)
        {
            failed.Add(new FailedRule(OperatingNormally, "登记状态未知。", "The registration status is unknown."));
        }
        else if (statusOnDate != RegistrationStatus.InBusiness)
        {
            var (zh, en) = statusOnDate == RegistrationStatus.Revoked ? ("已吊销", "revoked") : ("已注销", "cancelled");
            failed.Add(new FailedRule(OperatingNormally, $"{asOf:yyyy-MM-dd} 登记状态为{zh}。", $"The registration is {en} on {asOf:yyyy-MM-dd}."));
        }
        else if (facts.AbnormalListings.Any(l => l.IsActiveOn(asOf)))
        {
            failed.Add(new FailedRule(OperatingNormally, $"{asOf:yyyy-MM-dd} 列入经营异常名录。", $"Listed as operating abnormally on {asOf:yyyy-MM-dd}."));
        }

        if (facts.CreditRecords.Any(r => r.Kind == CreditRecordKind.SeriousDishonesty && r.IsActiveOn(asOf)))
        {
            failed.Add(new FailedRule(NoSeriousDishonesty, $"{asOf:yyyy-MM-dd} 列入严重失信主体名单。", $"On the serious-dishonesty list on {asOf:yyyy-MM-dd}."));
        }

        if (facts.IndustryDirectionConfirmed != true)
        {
            failed.Add(new FailedRule(IndustryDirection, "未经认定符合黄浦区产业发展导向。", "Not confirmed as fitting Huangpu's industry development direction."));
        }

        if (options.RequireTaxInHuangpu && !options.HuangpuDistrictCodes.Contains(facts.TaxDistrictCode))
        {
            failed.Add(new FailedRule(TaxInHuangpu, "税收户管地不在黄浦区。", "The tax domicile is not in Huangpu District."));
        }

        return failed;
    }
}

using Huangpu.Registry.Domain;

namespace Huangpu.Registry.Tests;

public sealed class EligibilityRulesTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 15);
    private static readonly EligibilityOptions Defaults = new();

    private static EligibilityFacts Eligible(
        string district = "310101",
        string taxDistrict = "310101",
        RegistrationStatus status = RegistrationStatus.InBusiness,
        DateOnly? statusSince = null,
        IReadOnlyList<Licence>? qualifications = null,
        IReadOnlyList<AbnormalOperationListing>? abnormal = null,
        IReadOnlyList<CreditRecord>? credit = null,
        bool? industryDirection = true) => new(
            district,
            taxDistrict,
            status,
            statusSince,
            qualifications ?? [new Licence("沪人社许字第00001号", "上海市人力资源和社会保障局", new(2023, 1, 1), new(2027, 12, 31))],
            abnormal ?? [],
            credit ?? [],
            industryDirection);

    private static IReadOnlyList<string> Failed(EligibilityFacts facts, EligibilityOptions? options = null) =>
        [.. EligibilityRules.Evaluate(facts, AsOf, options ?? Defaults).Select(r => r.Code)];

    private static CreditRecord Dishonesty(DateOnly listed, DateOnly? removed = null) => new()
    {
        SourceRecordId = "CR-1",
        Uscc = "91310000630405061X",
        Kind = CreditRecordKind.SeriousDishonesty,
        ListedOn = listed,
        RemovedOn = removed,
    };

    [Fact]
    public void An_organization_registered_in_huangpu_is_eligible_whatever_its_code_says() =>
        // 91310000630405061X carries the city authority's 310000; location comes from the registration record.
        Assert.Empty(Failed(Eligible(district: "310101")));

    [Fact]
    public void An_organization_registered_in_another_district_is_not()
    {
        var failed = EligibilityRules.Evaluate(Eligible(district: "310104"), AsOf, Defaults);
        var rule = Assert.Single(failed);
        Assert.Equal(EligibilityRules.InHuangpu, rule.Code);
        Assert.Contains("黄浦", rule.MessageZh, StringComparison.Ordinal);
        Assert.Contains("Huangpu", rule.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-06-14", true)]  // listed the day before: active
    [InlineData("2026-06-15", true)]  // listed on the day: active
    [InlineData("2026-06-16", false)] // listed after: not yet
    public void A_dishonesty_entry_counts_from_its_listing_date(string listedOn, bool fails)
    {
        var failed = Failed(Eligible(credit: [Dishonesty(DateOnly.Parse(listedOn, System.Globalization.CultureInfo.InvariantCulture))]));
        Assert.Equal(fails, failed.Contains(EligibilityRules.NoSeriousDishonesty));
    }

    [Theory]
    [InlineData("2026-06-14", false)] // removed the day before: no longer active
    [InlineData("2026-06-15", false)] // removed on the day: no longer active
    [InlineData("2026-06-16", true)]  // removed after: still active on the day
    public void A_removed_dishonesty_entry_stops_counting_on_its_removal_date(string removedOn, bool fails)
    {
        var failed = Failed(Eligible(credit: [Dishonesty(new(2026, 1, 1), DateOnly.Parse(removedOn, System.Globalization.CultureInfo.InvariantCulture))]));
        Assert.Equal(fails, failed.Contains(EligibilityRules.NoSeriousDishonesty));
    }

    [Theory]
    [InlineData("2026-06-14", true)]  // ended the day before
    [InlineData("2026-06-15", false)] // ends on the day: still valid
    [InlineData("2026-06-16", false)] // ends after
    public void A_licence_is_valid_through_its_last_day(string validTo, bool fails)
    {
        var licence = new Licence("L-1", "issuer", new(2024, 1, 1), DateOnly.Parse(validTo, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(fails, Failed(Eligible(qualifications: [licence])).Contains(EligibilityRules.HrServiceOrg));
    }

    [Fact]
    public void A_licence_starting_after_the_date_does_not_count() =>
        Assert.Contains(EligibilityRules.HrServiceOrg, Failed(Eligible(qualifications: [new Licence("L-1", "i", new(2026, 6, 16), new(2028, 1, 1))])));

    [Fact]
    public void A_labour_dispatch_licence_alone_qualifies_and_so_does_an_open_ended_filing()
    {
        Assert.Empty(Failed(Eligible(qualifications: [new Licence("劳务派遣 001", "区人社局", new(2025, 1, 1), new(2027, 1, 1))])));
        Assert.Empty(Failed(Eligible(qualifications: [new Licence("备案 001", "区人社局", new(2025, 1, 1), null)])));
    }

    [Fact]
    public void No_qualification_at_all_fails_hr_service_org() =>
        Assert.Equal([EligibilityRules.HrServiceOrg], Failed(Eligible(qualifications: [])));

    [Theory]
    [InlineData(RegistrationStatus.Revoked)]
    [InlineData(RegistrationStatus.Cancelled)]
    public void A_revoked_or_cancelled_organization_is_not_operating_normally(RegistrationStatus status) =>
        Assert.Equal([EligibilityRules.OperatingNormally], Failed(Eligible(status: status, statusSince: new(2026, 3, 1))));

    [Fact]
    public void A_revocation_dated_after_the_date_leaves_it_operating_on_that_date() =>
        Assert.Empty(Failed(Eligible(status: RegistrationStatus.Revoked, statusSince: new(2026, 7, 1))));

    [Fact]
    public void An_active_abnormal_operation_listing_fails_operating_normally()
    {
        Assert.Equal([EligibilityRules.OperatingNormally], Failed(Eligible(abnormal: [new AbnormalOperationListing("AB-1", new(2026, 5, 1), null, "地址失联")])));
        Assert.Empty(Failed(Eligible(abnormal: [new AbnormalOperationListing("AB-1", new(2026, 5, 1), new(2026, 6, 15), "地址失联")])));
    }

    [Fact]
    public void Industry_direction_must_be_confirmed()
    {
        Assert.Equal([EligibilityRules.IndustryDirection], Failed(Eligible(industryDirection: null)));
        Assert.Equal([EligibilityRules.IndustryDirection], Failed(Eligible(industryDirection: false)));
    }

    [Fact]
    public void The_tax_district_rule_is_off_by_default_and_applies_when_configured()
    {
        var facts = Eligible(taxDistrict: "310115");
        Assert.Empty(Failed(facts));
        Assert.Equal([EligibilityRules.TaxInHuangpu], Failed(facts, new EligibilityOptions { RequireTaxInHuangpu = true }));
    }

    [Fact]
    public void Every_failed_rule_is_reported_at_once()
    {
        var facts = Eligible(district: "310104", qualifications: [], credit: [Dishonesty(new(2026, 1, 1))], industryDirection: null, status: RegistrationStatus.Revoked);
        Assert.Equal(
            [EligibilityRules.InHuangpu, EligibilityRules.HrServiceOrg, EligibilityRules.OperatingNormally, EligibilityRules.NoSeriousDishonesty, EligibilityRules.IndustryDirection],
            Failed(facts));
    }

    [Fact]
    public void An_answer_names_the_rules_it_was_evaluated_under_settings_included()
    {
        Assert.Equal(
            "HRS-2024-2/eligibility/1;IN_HUANGPU(310101),HR_SERVICE_ORG,OPERATING_NORMALLY,NO_SERIOUS_DISHONESTY,INDUSTRY_DIRECTION",
            EligibilityRules.RulesVersion(Defaults));
        Assert.EndsWith(",TAX_IN_HUANGPU", EligibilityRules.RulesVersion(new EligibilityOptions { RequireTaxInHuangpu = true }), StringComparison.Ordinal);
        Assert.Contains("IN_HUANGPU(310101|310104)", EligibilityRules.RulesVersion(new EligibilityOptions { HuangpuDistrictCodes = ["310101", "310104"] }), StringComparison.Ordinal);
    }
}

using System.Net;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

[Collection(PlatformTestGroup.Name)]
public sealed class CatalogTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_catalog_is_served_through_the_gateway_with_caps_in_fen_as_strings()
    {
        var applicant = await platform.TokenAsync("applicant", organizationUscc: "91310000630405061X");
        using var list = await platform.Rest.SendAsync(Get("/api/v1/policies", applicant));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var policy = Assert.Single((await list.JsonAsync()).GetProperty("policies").EnumerateArray());
        Assert.Equal("HRS-2024-2", policy.GetProperty("policyId").GetString());

        using var one = await platform.Rest.SendAsync(Get("/api/v1/policies/HRS-2024-2", applicant));
        var items = (await one.JsonAsync()).GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("measures").EnumerateArray())
            .SelectMany(m => m.GetProperty("items").EnumerateArray())
            .ToList();
        Assert.Equal(24, items.Count);
        var item31 = items.Single(i => i.GetProperty("code").GetString() == "3.1");
        Assert.Equal("5000000000", item31.GetProperty("capFen").GetString());
        Assert.Equal("AWARD_RULE_CAP", item31.GetProperty("awardRule").GetString());
        Assert.Equal("AWARD_RULE_MATCHING_1_TO_1", items.Single(i => i.GetProperty("code").GetString() == "14.1").GetProperty("awardRule").GetString());

        using var missing = await platform.Rest.SendAsync(Get("/api/v1/policies/HRS-1999-1", applicant));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

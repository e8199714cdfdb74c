using System.Text.Json.Nodes;
using Huangpu.Applications.Catalog;

namespace Huangpu.Applications.Tests;

public sealed class CatalogTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Catalog", "Data");
    private static readonly string Official = File.ReadAllText(Path.Combine(DataDirectory, "HRS-2024-2.json"));

    private static readonly Huangpu.BuildingBlocks.Hosting.PolicyCalendar Shanghai = new(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    private static Policy Hrs => CatalogLoader.Parse("HRS-2024-2.json", Official);

    [Fact]
    public void The_official_policy_has_5_groups_18_measures_and_24_items()
    {
        var policy = Hrs;
        Assert.Equal("HRS-2024-2", policy.PolicyId);
        Assert.Equal("黄人社规〔2024〕2号", policy.DocumentNumber);
        Assert.Equal(5, policy.Groups.Count);
        Assert.Equal(18, policy.Groups.Sum(g => g.Measures.Count));
        Assert.Equal(
            ["1", "2", "3.1", "3.2", "4.1", "4.2", "5", "6", "7", "8", "9", "10", "11", "12.1", "12.2", "13", "14.1", "14.2", "14.3", "15", "16", "17", "18.1", "18.2"],
            policy.Items.Select(i => i.Code));
    }

    [Theory]
    [InlineData("3.1", 5_000_000_000L)] // 5000万元 in fen: past int32
    [InlineData("3.2", 100_000_000L)]
    [InlineData("4.2", 20_000_000L)]
    [InlineData("9", 2_000_000_000L)]
    [InlineData("17", 3_000_000_000L)]
    [InlineData("18.1", 100_000_000L)]
    public void Caps_are_integer_fen(string code, long capFen)
    {
        var item = Hrs.Item(code)!;
        Assert.Equal(AwardRule.Cap, item.AwardRule);
        Assert.Equal(capFen, item.CapFen);
    }

    [Theory]
    [InlineData("1", AwardRule.Referral)]
    [InlineData("2", AwardRule.Referral)]
    [InlineData("14.1", AwardRule.Matching1To1)]
    [InlineData("14.3", AwardRule.PerRegulation)]
    public void Special_items_carry_their_award_rule_and_no_cap(string code, AwardRule rule)
    {
        var item = Hrs.Item(code)!;
        Assert.Equal(rule, item.AwardRule);
        Assert.Null(item.CapFen);
        if (rule == AwardRule.Referral)
        {
            Assert.Contains("按规定享受相关政策扶持", item.ReferralNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_item_names_its_clause_and_has_one_default_round_spanning_the_validity()
    {
        var policy = Hrs;
        Assert.Equal("二(二)4", policy.Item("4.2")!.Clause);
        Assert.All(policy.Items, i =>
        {
            var round = Assert.Single(i.Rounds);
            Assert.Equal(new DateOnly(2025, 1, 1), round.OpensOn);
            Assert.Equal(new DateOnly(2026, 12, 31), round.ClosesOn);
        });
    }

    [Fact]
    public void The_policy_is_in_force_through_the_last_second_of_2026_in_shanghai()
    {
        var policy = Hrs;
        bool InForce(string instant) => policy.IsInForceOn(Shanghai.DateOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(InForce("2026-12-31T23:59:59+08:00"));
        Assert.False(InForce("2026-12-31T16:00:00Z"));
        Assert.True(InForce("2024-12-31T16:00:00Z"));
        Assert.False(InForce("2024-12-31T15:59:59Z"));
    }

    [Fact]
    public void A_policy_written_in_another_time_zone_is_refused_at_load()
    {
        var directory = Directory.CreateTempSubdirectory("catalog-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "HRS-2024-2.json"), Official);
            var refused = Assert.Throws<CatalogException>(() => CatalogLoader.LoadDirectory(directory, TimeZoneInfo.Utc));
            Assert.Contains("Asia/Shanghai", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_successor_policy_file_loads_beside_the_official_one()
    {
        var directory = Directory.CreateTempSubdirectory("catalog-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "HRS-2024-2.json"), Official);
            File.WriteAllText(Path.Combine(directory, "HRS-2026-9.json"), Edit(json =>
            {
                json["policyId"] = "HRS-2026-9";
                json["documentNumber"] = "黄人社规〔2026〕9号";
                json["validFrom"] = "2026-07-01";
                json["validTo"] = "2028-06-30";
                json["rounds"] = new JsonArray(new JsonObject
                {
                    ["roundId"] = "2026-H2",
                    ["items"] = new JsonArray("4.2"),
                    ["opensOn"] = "2026-07-01",
                    ["closesOn"] = "2026-09-30",
                });
            }));

            var catalog = CatalogLoader.LoadDirectory(directory, Shanghai.Zone);
            Assert.Equal(["HRS-2024-2", "HRS-2026-9"], catalog.Policies.Select(p => p.PolicyId));
            var both = catalog.InForceOn(new DateOnly(2026, 8, 1));
            Assert.Equal(2, both.Count);
            var round = Assert.Single(catalog.Find("HRS-2026-9")!.Item("4.2")!.Rounds);
            Assert.Equal("2026-H2", round.RoundId);
            Assert.False(round.IsOpenOn(new DateOnly(2026, 10, 1)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { Edit(j => j["policyId"] = ""), "policyId is required" },
        { Edit(j => j["validTo"] = "2024-12-31"), "validTo is before validFrom" },
        { Edit(j => j["validFrom"] = "2025/01/01"), "validFrom must be a date" },
        { Edit(j => Item(j, 2)["capFen"] = null), "capFen must be a positive whole number" },
        { Edit(j => Item(j, 2)["capFen"] = "-5"), "capFen must be a positive whole number" },
        { Edit(j => Item(j, 0)["capFen"] = "100"), "capFen is only for cap items" },
        { Edit(j => Item(j, 3)["code"] = "3.1"), "'3.1' is malformed or used twice" },
        { Edit(j => Item(j, 0)["referralNote"] = null), "referralNote" },
        { Edit(j => Item(j, 2)["awardRule"] = "generous"), "awardRule 'generous'" },
        { Edit(j => j["rounds"] = new JsonArray(new JsonObject { ["roundId"] = "r", ["items"] = new JsonArray("4.2"), ["opensOn"] = "2024-06-01", ["closesOn"] = "2025-06-01" })), "within the policy's validity" },
        { Edit(j => j["rounds"] = new JsonArray(new JsonObject { ["roundId"] = "r", ["items"] = new JsonArray("99"), ["opensOn"] = "2025-06-01", ["closesOn"] = "2025-07-01" })), "'99', which is no item" },
        { "{\"policyId\": \"X\",", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_catalog_file_is_refused_naming_the_file_and_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<CatalogException>(() => CatalogLoader.Parse("bad.json", json));
        Assert.StartsWith("bad.json:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_files_defining_the_same_policy_are_refused()
    {
        var directory = Directory.CreateTempSubdirectory("catalog-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "a.json"), Official);
            File.WriteAllText(Path.Combine(directory, "b.json"), Official);
            Assert.Contains("more than one catalog file", Assert.Throws<CatalogException>(() => CatalogLoader.LoadDirectory(directory, Shanghai.Zone)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Official)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    /// <summary>The n-th item in catalog order: 0 = item 1, 2 = item 3.1, 3 = item 3.2.</summary>
    private static JsonObject Item(JsonObject policy, int n) =>
        policy["groups"]!.AsArray().SelectMany(g => g!["measures"]!.AsArray()).SelectMany(m => m!["items"]!.AsArray()).ElementAt(n)!.AsObject();
}

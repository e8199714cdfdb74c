using System.Globalization;
using System.Net;
using System.Text.Json;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>Supervision on the real suite through the gateway: inspections, their refusals and the overdue follow-ups.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class SupervisionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Inspections_are_recorded_by_compliance_officers_and_an_overdue_follow_up_is_listed_until_done()
    {
        var officer = await platform.TokenAsync("compliance_officer", subject: "inspector-office");
        var uscc = TestCodes.NewUscc();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using (var oneInspector = await platform.Rest.SendAsync(Post("/api/v1/inspections", officer, new { organizationUscc = uscc, kind = "INSPECTION_KIND_ENFORCEMENT", inspectedOn = Day(-10), inspectors = new[] { "王检查" }, findings = "未按规定公示收费标准" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, oneInspector.StatusCode);
            Assert.Equal(["inspectors"], (await oneInspector.JsonAsync()).ViolatedFields());
        }

        using (var byAuditor = await platform.Rest.SendAsync(Post("/api/v1/inspections", await platform.TokenAsync("auditor"), new { organizationUscc = uscc, kind = "INSPECTION_KIND_ROUTINE", inspectedOn = Day(-10), inspectors = new[] { "王检查" }, findings = "正常" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        }

        var recorded = await JsonAsync(Post("/api/v1/inspections", officer, new
        {
            organizationUscc = uscc,
            kind = "INSPECTION_KIND_ENFORCEMENT",
            inspectedOn = Day(-10),
            inspectors = new[] { "王检查", "李执法" },
            findings = "未按规定公示收费标准",
            followUpDue = Day(-1),
        }));
        Assert.True(recorded.GetProperty("overdue").GetBoolean());
        var id = recorded.GetProperty("inspectionId").GetString()!;
        Assert.Contains(id, Ids(await JsonAsync(Get("/api/v1/inspections?overdue=true&pageSize=500", officer))));
        Assert.Equal([id], Ids(await JsonAsync(Get($"/api/v1/inspections?organizationUscc={uscc}", await platform.TokenAsync("auditor")))));

        var done = await JsonAsync(Post($"/api/v1/inspections/{id}:complete-follow-up", officer, new { note = "已整改并公示" }));
        Assert.False(done.GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(id, Ids(await JsonAsync(Get("/api/v1/inspections?overdue=true&pageSize=500", officer))));
    }

    private static List<string> Ids(JsonElement list) =>
        list.TryGetProperty("inspections", out var items) ? [.. items.EnumerateArray().Select(i => i.GetProperty("inspectionId").GetString()!)] : [];

    private async Task<JsonElement> JsonAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await platform.Rest.SendAsync(request);
            var json = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {json}");
            return json;
        }
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>Valid USCCs for load (GB 32100 check digit), distinct per serial.</summary>
internal static class BenchData
{
    public static string Uscc(int serial)
    {
        const string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var body = string.Create(CultureInfo.InvariantCulture, $"91310101{serial:D9}");
        var sum = body.Select((c, i) => charset.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return body + charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>A development token from the gateway's <c>/dev/token</c>.</summary>
    public static Task<string> TokenAsync(HttpClient http, string role, string subject) =>
        Huangpu.Contracts.DevelopmentTokens.RequestAsync(http, new(role, Subject: subject));

    /// <summary>Registers <paramref name="count"/> organisations that are eligible (Huangpu, in business, licensed, direction confirmed).</summary>
    public static async Task<List<string>> RegisterEligibleAsync(HttpClient http, string officerToken, int count)
    {
        var usccs = new List<string>();
        var serial = Random.Shared.Next(0, 100_000_000);
        for (var i = 0; i < count; i++)
        {
            var uscc = Uscc(serial++);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations")
            {
                Content = JsonContent.Create(new
                {
                    uscc,
                    name = "基准测试人力资源有限公司",
                    registeredDistrictCode = "310101",
                    registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
                    hrLicence = new { number = $"L-{i}", validFrom = "2020-01-01", validTo = "2030-12-31" },
                    industryDirectionConfirmed = true,
                }),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", officerToken);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            usccs.Add(uscc);
        }

        return usccs;
    }
}

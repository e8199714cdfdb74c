using System.Net;
using System.Text.Json;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// An applicant reaches its own organisation only: another's record, eligibility and payments do not exist for it
/// (404, the same answer as for nothing at all), each attempt is on the audit trail with who tried, and no answer
/// says more than "not found".
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class TenantIsolationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Another_organisations_record_eligibility_and_payments_answer_404_and_each_attempt_is_audited()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-tenancy");
        var auditor = await platform.TokenAsync("auditor");
        var (own, other) = (TestCodes.NewUscc(), TestCodes.NewUscc());
        foreach (var uscc in new[] { own, other })
        {
            using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, Organization(uscc)));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var applicant = await platform.TokenAsync("applicant", organizationUscc: own, subject: "applicant-tenancy");
        using (var mine = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{own}", applicant)))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        var reads = new[] { $"/api/v1/organizations/{other}", $"/api/v1/organizations/{other}/eligibility", $"/api/v1/payments?organizationUscc={other}" };
        foreach (var path in reads)
        {
            using var refused = await platform.Rest.SendAsync(Get(path, applicant));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            // Only a correlation id to quote: the call's trace id, which the logs and traces carry.
            Assert.Matches("^[0-9a-f]{32}$", Assert.Single(refused.Headers.GetValues("X-Correlation-Id")));
            // Nothing of the inside: no stack trace, no SQL or driver, no internal address.
            foreach (var leak in new[] { "   at ", "Exception", "Npgsql", "SELECT ", "localhost", "127.0.0.1", "http://" })
            {
                Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
            }
        }

        // A USCC nobody registered answers exactly the same way (the existence of another is not revealed by the code).
        using (var nobody = await platform.Rest.SendAsync(Get($"/api/v1/organizations/{TestCodes.NewUscc()}", applicant)))
        {
            Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        }

        var attempts = new List<JsonElement>();
        await WaitUntilAsync(async () =>
        {
            attempts = [.. (await platform.AuditEntriesAsync(other, auditor, includeCalls: true)).Where(e => e.GetProperty("eventType").GetString() == "AccessRefused")];
            return attempts.Count >= reads.Length;
        });
        Assert.Equal(reads.Length, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(("applicant-tenancy", "applicant"), (a.GetProperty("actor").GetString(), a.GetProperty("actorRole").GetString())));
        var methods = attempts.Select(a => JsonDocument.Parse(a.GetProperty("dataJson").GetString()!).RootElement.GetProperty("method").GetString()).ToList();
        Assert.Contains("/huangpu.registry.v1.RegistryService/GetOrganization", methods);
        Assert.Contains("/huangpu.registry.v1.RegistryService/CheckEligibility", methods);
        Assert.Contains("/huangpu.payments.v1.PaymentsService/ListPayments", methods);
        // Filed under the applicant's own organisation too: who tried is found from either side.
        Assert.All(attempts, a => Assert.Contains(own, a.GetProperty("subjects").EnumerateArray().Select(s => s.GetString())));
    }
}

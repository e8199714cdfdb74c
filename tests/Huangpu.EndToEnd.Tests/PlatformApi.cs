using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Huangpu.EndToEnd.Tests;

/// <summary>The REST calls the tests make, as an internal district system would make them.</summary>
internal static class PlatformApi
{
    public static HttpRequestMessage Post(string path, string token, object body, string? idempotencyKey = null) =>
        PostRaw(path, token, JsonSerializer.Serialize(body), idempotencyKey);

    public static HttpRequestMessage PostRaw(string path, string? token, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static HttpRequestMessage Patch(string path, string token, object body)
    {
        var request = PostRaw(path, token, JsonSerializer.Serialize(body));
        request.Method = HttpMethod.Patch;
        return request;
    }

    /// <summary>The request asking for refusals in English (without it they come in Chinese, the default).</summary>
    public static HttpRequestMessage InEnglish(this HttpRequestMessage request, string acceptLanguage = "en-US")
    {
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return request;
    }

    public static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static object Organization(string uscc, string name = "上海测试人力资源有限公司") => new
    {
        uscc,
        name,
        legalForm = "LEGAL_FORM_LEGAL_ENTITY",
        registeredAddress = "上海市黄浦区淮海中路1号",
        registeredDistrictCode = "310101",
        taxDistrictCode = "310101",
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The audit entries of a subject: its events, and with <paramref name="includeCalls"/> the API calls and refused reads too.</summary>
    public static async Task<List<JsonElement>> AuditEntriesAsync(this PlatformFixture platform, string subject, string auditorToken, bool includeCalls = false)
    {
        using var response = await platform.Rest.SendAsync(Get($"/api/v1/audit?subject={Uri.EscapeDataString(subject)}&pageSize=500", auditorToken));
        response.EnsureSuccessStatusCode();
        var body = await response.JsonAsync();
        return [.. body.GetProperty("entries").EnumerateArray().Where(e => includeCalls || !IsCallRecord(e.GetProperty("eventType").GetString()))];
    }

    /// <summary>The trail's records of API calls (every state-changing call, every refused read), beside the domain events.</summary>
    public static bool IsCallRecord(string? eventType) => eventType is "ApiCallRecorded" or "AccessRefused";

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; fails with <paramref name="describe"/> after the timeout (60 s).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe?.Invoke() ?? "condition not met in time");
            await Task.Delay(250);
        }
    }

    /// <summary>Polls the audit trail until every one of <paramref name="eventTypes"/> is among the subject's events.</summary>
    public static async Task<List<JsonElement>> WaitForAuditEventsAsync(this PlatformFixture platform, string subject, string auditorToken, params string[] eventTypes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var entries = await platform.AuditEntriesAsync(subject, auditorToken);
            var present = entries.Select(e => e.GetProperty("eventType").GetString()).ToHashSet();
            if (eventTypes.All(present.Contains) || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Polls the audit trail until <paramref name="count"/> entries exist for the subject (events are asynchronous).</summary>
    public static async Task<List<JsonElement>> WaitForAuditAsync(this PlatformFixture platform, string subject, string auditorToken, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var entries = await platform.AuditEntriesAsync(subject, auditorToken);
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(250);
        }
    }

    public static IEnumerable<JsonElement> Details(this JsonElement status, string type) =>
        status.GetProperty("details").EnumerateArray().Where(d => d.GetProperty("@type").GetString() == $"type.googleapis.com/{type}");

    public static IReadOnlyList<string> ViolatedFields(this JsonElement status) =>
        [.. status.Details("google.rpc.BadRequest").SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray()).Select(v => v.GetProperty("field").GetString()!)];
}

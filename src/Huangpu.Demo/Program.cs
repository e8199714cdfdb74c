using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Huangpu.Registry.Domain;

// usage: Huangpu.Demo <gateway-rest-url>
// Drives one fictional organisation through the whole policy process on a Development suite (./run.sh --demo),
// printing each step with the gateway call it made. Exit 0 with a paid award; 1 naming the step that failed.
if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var gateway))
{
    Console.Error.WriteLine("usage: Huangpu.Demo <gateway-rest-url>");
    return 2;
}

using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
var walk = new DemoWalk(http);
try
{
    await walk.RunAsync();
    return 0;
}
catch (StepFailed failed)
{
    Console.WriteLine();
    Console.WriteLine($"FAILED at step “{failed.Step}”: {failed.Message}");
    return 1;
}

/// <summary>A step of the walk that did not end as it should.</summary>
internal sealed class StepFailed(string step, string message) : Exception(message)
{
    public string Step { get; } = step;
}

/// <summary>The walk: every call goes through the gateway's REST API, as a district system's would.</summary>
internal sealed class DemoWalk(HttpClient http)
{
    private const string PolicyId = "HRS-2024-2";
    private const long RequestedFen = 15_000_000;
    private const long RecommendedFen = 12_000_000;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, string> _shown = [];
    private string _step = "start";
    private int _number;

    public async Task RunAsync()
    {
        Console.WriteLine($"Huangpu Platform demo: one fictional organisation through {PolicyId}, item 4.2 (专利应用), via {http.BaseAddress}");
        Console.WriteLine();
        var officerA = await TokenAsync("case_officer", "demo-officer-a");
        var officerB = await TokenAsync("case_officer", "demo-officer-b");
        var finance = await TokenAsync("finance", "demo-finance");
        var auditor = await TokenAsync("auditor", "demo-auditor");

        var uscc = NewUscc();
        _shown[uscc] = "{uscc}";
        await StepAsync("register the organisation", HttpMethod.Post, "/api/v1/organizations", officerA, new
        {
            uscc,
            name = "上海浦江示范人力资源有限公司",
            legalForm = "LEGAL_FORM_LEGAL_ENTITY",
            registeredAddress = "上海市黄浦区示范路1号",
            registeredDistrictCode = "310101",
            registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
            hrLicence = new { number = "沪人社许字第00001号", validFrom = "2020-01-01", validTo = "2030-12-31" },
            industryDirectionConfirmed = true,
            legalRepresentative = new { name = "示范法人" },
            contact = new { name = "示范联系人", phone = "13800000000" },
        }, json => $"USCC {uscc}");
        var applicant = await TokenAsync("applicant", $"demo-applicant-{uscc}", uscc);
        await StepAsync("check eligibility", HttpMethod.Get, $"/api/v1/organizations/{uscc}/eligibility", applicant, null,
            json => json.GetProperty("eligible").GetBoolean() ? "eligible" : throw new StepFailed(_step, $"not eligible: {json}"));

        var document = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(document));
        _shown[sha] = "{sha256}";
        await StepAsync("upload the patent certificate", HttpMethod.Put, $"/api/v1/documents/{sha}", applicant, document, _ => $"SHA-256 {sha[..12]}…");

        var submitted = await StepAsync("submit the application", HttpMethod.Post, "/api/v1/applications", applicant, new
        {
            policyId = PolicyId,
            organizationUscc = uscc,
            itemCode = "4.2",
            title = "智能人岗匹配专利应用",
            summary = "以专利技术提升人岗匹配效率。",
            projectPeriod = new { start = "2025-03-01", end = "2025-12-31" },
            requestedAmountFen = RequestedFen.ToString(CultureInfo.InvariantCulture),
            declaration = new { textVersion = "HRS-2024-2/1", signerName = "示范法人", signedAt = "2026-05-10T09:00:00+08:00" },
            documents = new[] { new { sha256 = sha, name = "专利证书.pdf" } },
        }, json => $"{json.GetProperty("applicationId").GetString()}, {Yuan(RequestedFen)} requested");
        var id = submitted.GetProperty("applicationId").GetString()!;
        _shown[id] = "{id}";

        await StepAsync("accept (窗口受理)", HttpMethod.Post, $"/api/v1/applications/{id}:accept", officerA, new { reason = "材料齐全" }, Status);
        await StepAsync("pass preliminary review (初审, a second officer)", HttpMethod.Post, $"/api/v1/applications/{id}:pass-preliminary", officerB, new { reason = "符合条件" }, Status);

        await WaitForStatusAsync("the panel is drawn (ExpertReview, from the event)", id, "APPLICATION_STATUS_IN_EXPERT_REVIEW", officerA);
        var review = await StepAsync("read the review", HttpMethod.Get, $"/api/v1/reviews/{id}", officerA, null,
            json => $"{json.GetProperty("panel").GetProperty("members").GetArrayLength()} experts, seed {json.GetProperty("panel").GetProperty("seed").GetString()![..8]}…");
        var members = review.GetProperty("panel").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("expertId").GetString()!).ToList();
        var criteria = review.GetProperty("rubric").GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
        for (var i = 0; i < members.Count; i++)
        {
            var expert = await TokenAsync("expert", members[i]);
            var score = 78 + i;
            await StepAsync($"expert {i + 1} of {members.Count} scores", HttpMethod.Post, $"/api/v1/reviews/{id}/scores", expert, new
            {
                criteria = criteria.Select(code => new { code, score }).ToArray(),
                comment = $"成效明确（专家{i + 1}）",
                recommendedAmountFen = RecommendedFen.ToString(CultureInfo.InvariantCulture),
            }, _ => $"{score} on each criterion, {Yuan(RecommendedFen)} recommended");
        }

        await WaitForStatusAsync("the review completes", id, "APPLICATION_STATUS_IN_JOINT_REVIEW", officerA);
        var pool = await StepAsync("find the fair-competition adviser", HttpMethod.Get, "/api/v1/experts?pageSize=500", officerA, null,
            json => $"{json.GetProperty("experts").GetArrayLength()} experts in the pool");
        var adviser = pool.GetProperty("experts").EnumerateArray()
            .First(e => e.GetProperty("kind").GetString() == "EXPERT_KIND_FAIR_COMPETITION_ADVISER").GetProperty("expertId").GetString()!;
        await StepAsync("fair-competition opinion (公平竞争审查)", HttpMethod.Post, "/api/v1/fair-competition-reviews", await TokenAsync("expert", adviser),
            new { applicationIds = new[] { id }, opinion = "NO_OBJECTION" }, _ => "NO_OBJECTION");
        foreach (var member in new[] { "demo-joint-1", "demo-joint-2", "demo-joint-3" })
        {
            await StepAsync($"joint review vote by {member}", HttpMethod.Post, $"/api/v1/joint-reviews/{id}/votes", await TokenAsync("joint_reviewer", member),
                new { decision = "APPROVE", amountFen = RecommendedFen.ToString(CultureInfo.InvariantCulture), reason = "同意专家组建议" }, _ => "APPROVE");
        }

        await WaitUntilAsync("the fair-competition opinion reaches the application", async () =>
            (await SendAsync(HttpMethod.Get, $"/api/v1/applications/{id}", officerA, null)).GetProperty("jointReview").TryGetProperty("fairCompetitionOpinion", out _));
        var year = ShanghaiToday().Year;
        var budget = await SendAsync(HttpMethod.Get, $"/api/v1/budgets/{year}", finance, null, allowNotFound: true);
        if (Fen(budget, "availableFen") < RecommendedFen)
        {
            var appropriation = Fen(budget, "appropriationFen") - Fen(budget, "availableFen") + 100_000_000_000;
            await StepAsync($"appropriate the {year} budget (finance)", HttpMethod.Put, $"/api/v1/budgets/{year}", finance,
                new { appropriationFen = appropriation.ToString(CultureInfo.InvariantCulture) }, _ => Yuan(appropriation));
        }

        await StepAsync("decide: approve (联席会议)", HttpMethod.Post, $"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE", reason = "按专家组建议核定" },
            json => $"{Status(json)}, {Yuan(Fen(json, "approvedAmountFen"))} committed against the budget");
        var today = ShanghaiToday();
        var notice = await StepAsync("publish the notice (公示)", HttpMethod.Post, "/api/v1/notices", officerA,
            new { policyId = PolicyId, applicationIds = new[] { id }, startsOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            json => $"{json.GetProperty("startsOn").GetString()} to {json.GetProperty("endsOn").GetString()} (working days)");
        var endsOn = DateOnly.ParseExact(notice.GetProperty("endsOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await StepAsync("read the public notice list (no token)", HttpMethod.Get, $"/api/v1/disclosures/{PolicyId}/notices", null, null, _ => "listed");

        try
        {
            var days = endsOn.DayNumber - today.DayNumber + 1;
            await StepAsync($"advance the development clock {days} days past the notice", HttpMethod.Post, "/dev/clock", null, new { advanceDays = days }, _ => "no objection was raised");
            await WaitForStatusAsync("finalised, ordered, instructed to the treasury and paid", id, "APPLICATION_STATUS_PAID", officerA, TimeSpan.FromSeconds(90));
        }
        finally
        {
            await SendAsync(HttpMethod.Post, "/dev/clock", null, new { reset = true });
        }

        await StepAsync("read the payment", HttpMethod.Get, $"/api/v1/payments?applicationId={id}", finance, null,
            json => json.GetProperty("payments").EnumerateArray().Select(p => $"{Yuan(Fen(p, "amountFen"))} {p.GetProperty("status").GetString()}, treasury reference {p.GetProperty("treasuryReference").GetString()}").Single());
        await WaitUntilAsync("the audit trail holds the payment", async () =>
            (await SendAsync(HttpMethod.Get, $"/api/v1/audit?subject={id}&pageSize=500", auditor, null)).GetProperty("entries").EnumerateArray()
                .Any(e => e.GetProperty("eventType").GetString() == "PaymentDisbursed"));
        await StepAsync("fetch the decision packet (auditor)", HttpMethod.Get, $"/api/v1/decision-packets/{id}", auditor, null,
            json => $"{json.GetProperty("entries").GetArrayLength()} audit entries, each with its hash");

        Console.WriteLine();
        Console.WriteLine($"Paid in {_clock.Elapsed.TotalSeconds:F0} s. The decision packet: GET {new Uri(http.BaseAddress!, $"/api/v1/decision-packets/{id}")} (role auditor);");
        Console.WriteLine("save it and check it offline: dotnet run --project src/Huangpu.PacketVerifier -- packet.json");
    }

    /// <summary>The path as the contract writes it: the organisation, document and application as placeholders.</summary>
    private string Shown(string path) => _shown.Aggregate(path.Split('?')[0], (shown, value) => shown.Replace(value.Key, value.Value, StringComparison.Ordinal));

    private static string NewUscc()
    {
        var body = $"91310101{RandomNumberGenerator.GetInt32(0, 1_000_000_000):D9}";
        return body + Uscc.CheckDigit(body);
    }

    private static DateOnly ShanghaiToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Status(JsonElement json) => json.GetProperty("status").GetString()!;

    private static long Fen(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : 0;

    /// <summary>Fen as 元 (and 万元), as people read amounts.</summary>
    private static string Yuan(long fen) => string.Create(CultureInfo.InvariantCulture, $"{fen / 100m:N0} 元 ({fen / 1_000_000m:0.##} 万元)");

    private Task<string> TokenAsync(string role, string subject, string? organizationUscc = null) =>
        Huangpu.Contracts.DevelopmentTokens.RequestAsync(http, new(role, organizationUscc, Subject: subject));

    private async Task<JsonElement> StepAsync(string what, HttpMethod method, string path, string? token, object? body, Func<JsonElement, string> describe)
    {
        _step = what;
        var started = _clock.Elapsed;
        var json = await SendAsync(method, path, token, body);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{++_number,2}. {what,-50} {method.Method,-4} {Shown(path),-46} {describe(json)} ({(_clock.Elapsed - started).TotalMilliseconds:F0} ms)"));
        return json;
    }

    private async Task WaitForStatusAsync(string what, string id, string status, string token, TimeSpan? timeout = null)
    {
        var last = string.Empty;
        await WaitUntilAsync(what, async () => (last = Status(await SendAsync(HttpMethod.Get, $"/api/v1/applications/{id}", token, null))) == status, timeout, () => $"still {last}");
        Console.WriteLine($"{++_number,2}. {what,-50} GET  {"/api/v1/applications/{id}",-46} {status} (polled)");
    }

    private async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null, Func<string>? state = null)
    {
        _step = what;
        var deadline = _clock.Elapsed + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (_clock.Elapsed > deadline)
            {
                throw new StepFailed(what, $"not reached in {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:F0} s{(state is null ? string.Empty : $" ({state()})")}");
            }

            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, bool allowNotFound = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is byte[] bytes)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return default;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new StepFailed(_step, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

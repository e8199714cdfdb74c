using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Huangpu.Grpc.Applications.V1;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>Applications through the gateway on the real suite: intake, refusals, lifecycle, apply-free and holds.</summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ApplicationTests(PlatformFixture platform)
{
    private async Task<string> RegisterEligibleAsync()
    {
        var officer = await platform.TokenAsync("case_officer", subject: "officer-intake");
        var uscc = TestCodes.NewUscc();
        using var created = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new
        {
            uscc,
            name = "上海申报测试人力资源有限公司",
            legalForm = "LEGAL_FORM_LEGAL_ENTITY",
            registeredAddress = "上海市黄浦区淮海中路1号",
            registeredDistrictCode = "310101",
            taxDistrictCode = "310101",
            registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
            hrLicence = new { number = "沪人社许字第00001号", validFrom = "2020-01-01", validTo = "2030-12-31" },
            industryDirectionConfirmed = true,
        }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return uscc;
    }

    private async Task<string> UploadAsync(string token)
    {
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{sha}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await platform.Rest.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return sha;
    }

    private static object Body(string uscc, string itemCode, string title, string sha, long amountFen = 15_000_000, string start = "2025-03-01", string end = "2025-12-31") => new
    {
        policyId = "HRS-2024-2",
        organizationUscc = uscc,
        itemCode,
        title,
        summary = "以专利技术提升人岗匹配效率。",
        projectPeriod = new { start, end },
        requestedAmountFen = amountFen.ToString(System.Globalization.CultureInfo.InvariantCulture),
        declaration = new { textVersion = "HRS-2024-2/1", signerName = "李四", signedAt = "2026-05-10T09:00:00+08:00" },
        documents = new[] { new { sha256 = sha, name = "专利证书.pdf" } },
    };

    private async Task<JsonElement> ActAsync(string id, string action, string token, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await platform.Rest.SendAsync(Post($"/api/v1/applications/{id}:{action}", token, body).InEnglish());
        var json = await response.JsonAsync();
        Assert.True(expected == response.StatusCode, $"{action}: {response.StatusCode} {json}");
        return json;
    }

    private static string Reason(JsonElement status) =>
        status.Details("google.rpc.ErrorInfo").Single().GetProperty("reason").GetString()!;

    [Fact]
    public async Task Register_upload_submit_accept_and_pass_preliminary_with_every_step_audited()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc, subject: "applicant-1");
        var acceptingOfficer = await platform.TokenAsync("case_officer", subject: "officer-accept");
        var reviewingOfficer = await platform.TokenAsync("case_officer", subject: "officer-review");
        var auditor = await platform.TokenAsync("auditor");
        var sha = await UploadAsync(applicant);

        using var submitted = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "4.2", "智能人岗匹配专利应用", sha)));
        var application = await submitted.JsonAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, application.ToString());
        Assert.Equal("APPLICATION_STATUS_SUBMITTED", application.GetProperty("status").GetString());
        var id = application.GetProperty("applicationId").GetString()!;
        Assert.Equal("15000000", application.GetProperty("requestedAmountFen").GetString());

        var accepted = await ActAsync(id, "accept", acceptingOfficer, new { reason = "材料齐全", expectedVersion = application.GetProperty("version").GetString() });
        Assert.Equal("APPLICATION_STATUS_ACCEPTED", accepted.GetProperty("status").GetString());

        // Separation of duties: the officer who accepted does not decide the preliminary review.
        var refused = await ActAsync(id, "pass-preliminary", acceptingOfficer, new { reason = "符合条件" }, HttpStatusCode.BadRequest);
        Assert.Equal("SEPARATION_OF_DUTIES", Reason(refused));

        // A stale expectedVersion is 409 and changes nothing.
        await ActAsync(id, "pass-preliminary", reviewingOfficer, new { reason = "符合条件", expectedVersion = "1" }, HttpStatusCode.Conflict);

        var passed = await ActAsync(id, "pass-preliminary", reviewingOfficer, new { reason = "符合条件", expectedVersion = accepted.GetProperty("version").GetString() });
        Assert.Equal("APPLICATION_STATUS_PRELIMINARY_PASSED", passed.GetProperty("status").GetString());
        Assert.Equal(
            ["submit", "accept", "pass-preliminary"],
            passed.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("action").GetString()));
        Assert.Equal("officer-review", passed.GetProperty("history")[2].GetProperty("actor").GetString());

        // An illegal transition names the current state (by now the expert panel may already be drawing: ExpertReview
        // moves a passed 4.2 application on to IN_EXPERT_REVIEW on its own).
        var illegal = await ActAsync(id, "accept", acceptingOfficer, new { }, HttpStatusCode.BadRequest);
        Assert.Matches("Current state: APPLICATION_STATUS_(PRELIMINARY_PASSED|IN_EXPERT_REVIEW)", illegal.GetProperty("message").GetString());

        var entries = await platform.AuditEntriesAsync(id, auditor);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); entries.Count(e => e.GetProperty("eventType").GetString() == "ApplicationTransitioned") < 3 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(250);
            entries = await platform.AuditEntriesAsync(id, auditor);
        }

        // The eligibility answers the submission and the acceptance rested on are on the trail beside the steps. The trail
        // lists entries as Compliance recorded them; two instances consume side by side, so the order of events is their time.
        entries = [.. entries.OrderBy(e => DateTimeOffset.Parse(e.GetProperty("occurredAt").GetString()!, CultureInfo.InvariantCulture))];
        Assert.Equal(["submit", "accept"], entries.Where(e => e.GetProperty("eventType").GetString() == "EligibilityChecked").Select(e => JsonDocument.Parse(e.GetProperty("dataJson").GetString()!).RootElement.GetProperty("step").GetString()));
        Assert.Equal(
            ["submit", "accept", "pass-preliminary"],
            entries.Where(e => e.GetProperty("eventType").GetString() == "ApplicationTransitioned").Take(3).Select(e => e.GetProperty("summary").GetString()!.Split(": ")[1].Split(' ')[0]));
        Assert.Contains(await platform.WaitForAuditEventsAsync(id, auditor, "ReviewRequested"), e => e.GetProperty("eventType").GetString() == "ReviewRequested");
        using (var verified = await platform.Rest.SendAsync(Get("/api/v1/audit:verify", auditor)))
        {
            Assert.True((await verified.JsonAsync()).GetProperty("intact").GetBoolean()); // batches extend one unbroken chain
        }

        // Another organisation's applicant does not see it.
        var stranger = await platform.TokenAsync("applicant", organizationUscc: TestCodes.NewUscc());
        using var hidden = await platform.Rest.SendAsync(Get($"/api/v1/applications/{id}", stranger));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var own = await platform.Rest.SendAsync(Get($"/api/v1/applications/{id}", applicant));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Each_submission_refusal_is_specific_and_stores_nothing()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var sha = await UploadAsync(applicant);

        async Task<JsonElement> RefusedAsync(object body, HttpStatusCode status)
        {
            using var response = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, body));
            var json = await response.JsonAsync();
            Assert.True(status == response.StatusCode, json.ToString());
            return json;
        }

        var referral = await RefusedAsync(Body(uscc, "1", "引进总部", sha), HttpStatusCode.BadRequest);
        Assert.Equal("REFERRAL_ITEM", Reason(referral));
        Assert.Contains("黄浦区人力资源和社会保障局", referral.GetProperty("message").GetString(), StringComparison.Ordinal); // the bureau to contact

        Assert.Equal(["requestedAmountFen"], (await RefusedAsync(Body(uscc, "4.2", "超过上限", sha, amountFen: 20_000_001), HttpStatusCode.BadRequest)).ViolatedFields());
        Assert.Equal(["projectPeriod"], (await RefusedAsync(Body(uscc, "4.2", "期间不重叠", sha, start: "2023-01-01", end: "2024-12-31"), HttpStatusCode.BadRequest)).ViolatedFields());
        Assert.Equal("DOCUMENT_NOT_UPLOADED", Reason(await RefusedAsync(Body(uscc, "4.2", "未上传材料", new string('0', 64)), HttpStatusCode.BadRequest)));
        Assert.Equal("CITY_AWARD_REQUIRED", Reason(await RefusedAsync(Body(uscc, "14.1", "伯乐奖配套", sha), HttpStatusCode.BadRequest)));
        // Another organisation's code in an applicant's body: 403 naming the field.
        Assert.Equal(["organizationUscc"], (await RefusedAsync(Body(TestCodes.NewUscc(), "4.2", "他人申报", sha), HttpStatusCode.Forbidden)).ViolatedFields());

        // An organisation the Registry does not know.
        var unregistered = TestCodes.NewUscc();
        var stranger = await platform.TokenAsync("applicant", organizationUscc: unregistered);
        using var notRegistered = await platform.Rest.SendAsync(Post("/api/v1/applications", stranger, Body(unregistered, "4.2", "未登记", sha)));
        Assert.Equal(HttpStatusCode.BadRequest, notRegistered.StatusCode);
        Assert.Equal("ORGANIZATION_NOT_REGISTERED", Reason(await notRegistered.JsonAsync()));

        var officerToken = await platform.TokenAsync("case_officer");
        using var list = await platform.Rest.SendAsync(Get($"/api/v1/applications?organizationUscc={uscc}", officerToken));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.False((await list.JsonAsync()).TryGetProperty("applications", out var stored) && stored.GetArrayLength() > 0);
    }

    [Fact]
    public async Task The_same_project_under_another_item_is_refused_as_stacking_naming_the_first_application()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var sha = await UploadAsync(applicant);

        using var first = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "4.2", "智能人岗匹配专利应用", sha)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstId = (await first.JsonAsync()).GetProperty("applicationId").GetString()!;

        // Same normalised title (full-width letters, extra spaces) under another item, overlapping period.
        using var stacked = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "3.2", "  智能人岗匹配专利应用 ", await UploadAsync(applicant), start: "2025-06-01", end: "2026-03-31")));
        Assert.Equal(HttpStatusCode.BadRequest, stacked.StatusCode);
        var status = await stacked.JsonAsync();
        Assert.Equal("PROJECT_STACKING", Reason(status));
        Assert.Contains(firstId, status.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A shared document makes it the same project too, whatever the title.
        using var shared = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "4.2", "另一个名称", sha)));
        Assert.Equal("SAME_PROJECT", Reason(await shared.JsonAsync()));

        // After withdrawal the project may be applied for again.
        await ActAsync(firstId, "withdraw", applicant, new { reason = "改报其他项目" });
        using var again = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "3.2", "智能人岗匹配专利应用", sha)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Two_projects_that_both_attach_the_business_licence_as_organisation_evidence_are_both_accepted()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var licence = await UploadAsync(applicant);
        var patent = await UploadAsync(applicant);
        var report = await UploadAsync(applicant);

        object WithLicence(string item, string title, string project) => new
        {
            policyId = "HRS-2024-2",
            organizationUscc = uscc,
            itemCode = item,
            title,
            summary = "项目简介。",
            projectPeriod = new { start = "2025-03-01", end = "2025-12-31" },
            requestedAmountFen = "100000",
            declaration = new { textVersion = "HRS-2024-2/1", signerName = "李四", signedAt = "2026-05-10T09:00:00+08:00" },
            documents = new object[]
            {
                new { sha256 = licence, name = "营业执照.pdf", scope = "DOCUMENT_SCOPE_ORGANIZATION" },
                new { sha256 = project, name = "项目材料.pdf" },
            },
        };

        using var first = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, WithLicence("4.2", "智能人岗匹配专利应用", patent)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stored = (await first.JsonAsync()).GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal("DOCUMENT_SCOPE_ORGANIZATION", stored.Single(d => d.GetProperty("sha256").GetString() == licence).GetProperty("scope").GetString());

        using var second = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, WithLicence("12.2", "人力资源博览会参展", report)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        // A project document shared by a third application is still the same project: refused as stacking.
        using var stacked = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, WithLicence("5", "新产品首发", patent)));
        Assert.Equal(HttpStatusCode.BadRequest, stacked.StatusCode);
        Assert.Equal("PROJECT_STACKING", Reason(await stacked.JsonAsync()));
    }

    [Fact]
    public async Task A_real_submission_asking_for_nothing_is_400_naming_the_amount()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        using var response = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "4.2", "零元申请", await UploadAsync(applicant), amountFen: 0)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["requestedAmountFen"], (await response.JsonAsync()).ViolatedFields());
    }

    [Fact]
    public async Task Fifty_concurrent_identical_submissions_create_one_application()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var sha = await UploadAsync(applicant);
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(Body(uscc, "4.2", "并发提交", sha));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await platform.Rest.SendAsync(PostRaw("/api/v1/applications", applicant, body, key));
            return (response.StatusCode, Json: await response.JsonAsync());
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers.Select(a => a.Json.GetProperty("applicationId").GetString()).Distinct());

        var officer = await platform.TokenAsync("case_officer");
        using var list = await platform.Rest.SendAsync(Get($"/api/v1/applications?organizationUscc={uscc}", officer));
        Assert.Single((await list.JsonAsync()).GetProperty("applications").EnumerateArray());

        // The same body without a key is the same project: refused, not a second application.
        using var unkeyed = await platform.Rest.SendAsync(PostRaw("/api/v1/applications", applicant, body));
        Assert.Equal(HttpStatusCode.BadRequest, unkeyed.StatusCode);
    }

    [Fact]
    public async Task The_city_award_feed_creates_apply_free_applications_for_eligible_winners_and_explains_the_rest()
    {
        var eligible = await RegisterEligibleAsync();
        var unregistered = TestCodes.NewUscc();
        var elsewhere = TestCodes.NewUscc();
        var officer = await platform.TokenAsync("case_officer");
        using (var outside = await platform.Rest.SendAsync(Post("/api/v1/organizations", officer, new
        {
            uscc = elsewhere,
            name = "上海外区人力资源有限公司",
            registeredDistrictCode = "310104", // Xuhui, not Huangpu
            registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
            hrLicence = new { number = "沪人社许字第00002号", validFrom = "2020-01-01", validTo = "2030-12-31" },
            industryDirectionConfirmed = true,
        })))
        {
            Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        }

        var cityHr = await platform.TokenAsync("partner_bureau", bureau: "city_hr", subject: "city-hr-system");
        var client = new ApplicationsService.ApplicationsServiceClient(platform.Grpc);
        var request = new SubmitCityAwardsRequest();
        request.Awards.Add(new CityAward { SourceRecordId = $"BOLE-{eligible}", OrganizationUscc = eligible, AwardFen = 30_000_000, AwardYear = "2025", DocumentNumber = "沪人社〔2025〕1号" });
        request.Awards.Add(new CityAward { SourceRecordId = $"BOLE-{unregistered}", OrganizationUscc = unregistered, AwardFen = 10_000_000, AwardYear = "2025" });
        request.Awards.Add(new CityAward { SourceRecordId = "BOLE-BAD", OrganizationUscc = "123", AwardFen = 0 });
        request.Awards.Add(new CityAward { SourceRecordId = $"BOLE-{elsewhere}", OrganizationUscc = elsewhere, AwardFen = 20_000_000, AwardYear = "2025" });

        var response = await client.SubmitCityAwardsAsync(request, PlatformFixture.Bearer(cityHr));
        Assert.Equal(CityAwardResult.Types.Outcome.ApplicationCreated, response.Results[0].Outcome);
        Assert.Equal(CityAwardResult.Types.Outcome.NotEligible, response.Results[1].Outcome);
        Assert.Equal("ORGANIZATION_NOT_REGISTERED", Assert.Single(response.Results[1].FailedRules).Code);
        Assert.Equal(CityAwardResult.Types.Outcome.Invalid, response.Results[2].Outcome);
        Assert.Equal(CityAwardResult.Types.Outcome.NotEligible, response.Results[3].Outcome);
        var rule = Assert.Single(response.Results[3].FailedRules);
        Assert.Equal("IN_HUANGPU", rule.Code);
        Assert.False(string.IsNullOrEmpty(rule.MessageZh));
        Assert.True(string.IsNullOrEmpty(response.Results[3].ApplicationId));

        // Resending changes nothing.
        var again = await client.SubmitCityAwardsAsync(request, PlatformFixture.Bearer(cityHr));
        Assert.Equal(CityAwardResult.Types.Outcome.AlreadyApplied, again.Results[0].Outcome);
        Assert.Equal(response.Results[0].ApplicationId, again.Results[0].ApplicationId);

        var applicant = await platform.TokenAsync("applicant", organizationUscc: eligible);
        var id = response.Results[0].ApplicationId;
        using var created = await platform.Rest.SendAsync(Get($"/api/v1/applications/{id}", applicant));
        var application = await created.JsonAsync();
        Assert.Equal("APPLICATION_STATUS_AWAITING_CONFIRMATION", application.GetProperty("status").GetString());
        Assert.Equal("14.1", application.GetProperty("itemCode").GetString());
        Assert.Equal("30000000", application.GetProperty("requestedAmountFen").GetString());
        Assert.True(application.GetProperty("applyFree").GetBoolean());

        var confirmed = await ActAsync(id, "confirm", applicant, new { declaration = new { textVersion = "HRS-2024-2/1", signerName = "李四", signedAt = "2026-05-10T09:00:00+08:00" } });
        Assert.Equal("APPLICATION_STATUS_SUBMITTED", confirmed.GetProperty("status").GetString());
        Assert.Equal("HRS-2024-2/1", confirmed.GetProperty("declaration").GetProperty("textVersion").GetString());

        // Only the city HR bureau reports Bole awards.
        var credit = await platform.TokenAsync("partner_bureau", bureau: "credit");
        var denied = await Assert.ThrowsAsync<RpcException>(() => client.SubmitCityAwardsAsync(request, PlatformFixture.Bearer(credit)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task A_credit_record_holds_the_organisations_active_applications_and_an_officer_releases_them()
    {
        var uscc = await RegisterEligibleAsync();
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var officer = await platform.TokenAsync("case_officer", subject: "officer-holds");
        var credit = await platform.TokenAsync("partner_bureau", bureau: "credit", subject: "credit-system");
        var sha = await UploadAsync(applicant);
        using var submitted = await platform.Rest.SendAsync(Post("/api/v1/applications", applicant, Body(uscc, "4.2", "信用暂停测试", sha)));
        var id = (await submitted.JsonAsync()).GetProperty("applicationId").GetString()!;

        using var listed = await platform.Rest.SendAsync(Post($"/api/v1/organizations/{uscc}/credit-records", credit, new
        {
            sourceRecordId = $"CR-HOLD-{uscc}",
            kind = "CREDIT_RECORD_KIND_SERIOUS_DISHONESTY",
            listedOn = "2026-03-01",
            authority = "上海市发展和改革委员会",
            documentNumber = "沪信〔2026〕2号",
        }));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        JsonElement held = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var read = await platform.Rest.SendAsync(Get($"/api/v1/applications/{id}", officer));
            held = await read.JsonAsync();
            if (held.GetProperty("status").GetString() == "APPLICATION_STATUS_HELD")
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal("APPLICATION_STATUS_HELD", held.GetProperty("status").GetString());
        Assert.Equal("system", held.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString());

        var released = await ActAsync(id, "release", officer, new { reason = "已核查，记录不影响本申请" });
        Assert.Equal("APPLICATION_STATUS_SUBMITTED", released.GetProperty("status").GetString());
    }
}

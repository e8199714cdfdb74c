using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Huangpu.Testing;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// The policy's evaluation on the real suite through the gateway: preliminary review, the expert panel, the
/// fair-competition opinion, joint review, public notice, finalisation and payment through the treasury.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class ReviewToFinalTests(PlatformFixture platform)
{
    private static readonly object Commitment = new { textVersion = "HRS-2024-2/1", signerName = "李四", signedAt = "2026-05-10T09:00:00+08:00" };

    private const long Requested = 15_000_000;
    private const long Recommended = 12_000_000;
    private const string LegalRepresentative = "欧阳建国";
    private const string ContactName = "司马晓燕";
    private const string ContactPhone = "13912345678";

    [Fact]
    public async Task An_application_goes_from_submission_to_final_with_every_step_audited_and_the_notice_public()
    {
        var officerA = await platform.TokenAsync("case_officer", subject: "officer-review-a");
        var officerB = await platform.TokenAsync("case_officer", subject: "officer-review-b");
        var auditor = await platform.TokenAsync("auditor");
        var (uscc, id) = await SubmitAndPassPreliminaryAsync(officerA, officerB);

        // The panel is drawn from the pool (ExpertReview's event moves the application).
        await WaitForStatusAsync(id, "APPLICATION_STATUS_IN_EXPERT_REVIEW", officerA);
        var review = await JsonAsync(Get($"/api/v1/reviews/{id}", officerA));
        var panel = review.GetProperty("panel");
        Assert.Equal(32, panel.GetProperty("seed").GetString()!.Length);
        var members = panel.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("expertId").GetString()!).ToList();
        Assert.Equal(5, members.Count);
        var kinds = panel.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).ToList();
        Assert.Contains("EXPERT_KIND_FAIR_COMPETITION_ADVISER", kinds);
        Assert.Contains("EXPERT_KIND_THIRD_PARTY_INSTITUTION", kinds);
        var criteria = review.GetProperty("rubric").GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();

        // An expert of the pool not on this panel: the review does not exist for it.
        var pool = (await JsonAsync(Get("/api/v1/experts?pageSize=500", officerA))).GetProperty("experts").EnumerateArray().ToList();
        var outsider = pool.First(e => !members.Contains(e.GetProperty("expertId").GetString()!)).GetProperty("expertId").GetString()!;
        using (var hidden = await platform.Rest.SendAsync(Get($"/api/v1/reviews/{id}", await platform.TokenAsync("expert", subject: outsider))))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        // Each member scores once; before the round closes a member sees its own score only.
        for (var i = 0; i < members.Count; i++)
        {
            var expert = await platform.TokenAsync("expert", subject: members[i]);
            var scored = await JsonAsync(Post($"/api/v1/reviews/{id}/scores", expert, new
            {
                criteria = criteria.Select(code => new { code, score = 78 + i }).ToArray(),
                comment = $"成效明确（专家{i + 1}）",
                recommendedAmountFen = Recommended.ToString(CultureInfo.InvariantCulture),
            }));
            if (i < members.Count - 1)
            {
                Assert.Single(scored.GetProperty("scores").EnumerateArray());
            }

            if (i == 0)
            {
                using var twice = await platform.Rest.SendAsync(Post($"/api/v1/reviews/{id}/scores", expert, new
                {
                    criteria = criteria.Select(code => new { code, score = 10 }).ToArray(),
                    comment = "再评一次",
                    recommendedAmountFen = "1",
                }, idempotencyKey: Guid.NewGuid().ToString()));
                Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            }
        }

        await WaitForStatusAsync(id, "APPLICATION_STATUS_IN_JOINT_REVIEW", officerA);

        // Joint review needs the quorum and the fair-competition adviser's NO_OBJECTION.
        using (var early = await platform.Rest.SendAsync(Post($"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
            Assert.Equal("QUORUM_NOT_REACHED", Reason(await early.JsonAsync()));
        }

        foreach (var member in new[] { "joint-1", "joint-2", "joint-3" })
        {
            var reviewer = await platform.TokenAsync("joint_reviewer", subject: member);
            await JsonAsync(Post($"/api/v1/joint-reviews/{id}/votes", reviewer, new { decision = "APPROVE", amountFen = Recommended.ToString(CultureInfo.InvariantCulture), reason = "同意专家组建议" }));
        }

        using (var noOpinion = await platform.Rest.SendAsync(Post($"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE" })))
        {
            Assert.Equal("FAIR_COMPETITION_REVIEW_PENDING", Reason(await noOpinion.JsonAsync()));
        }

        var adviser = pool.First(e => e.GetProperty("kind").GetString() == "EXPERT_KIND_FAIR_COMPETITION_ADVISER").GetProperty("expertId").GetString()!;
        await JsonAsync(Post("/api/v1/fair-competition-reviews", await platform.TokenAsync("expert", subject: adviser), new { applicationIds = new[] { id }, opinion = "NO_OBJECTION" }));
        await WaitUntilAsync(async () => (await JsonAsync(Get($"/api/v1/applications/{id}", officerA))).GetProperty("jointReview").TryGetProperty("fairCompetitionOpinion", out var o) && o.GetString() == "NO_OBJECTION");

        // The approval commits the amount against the year's budget in Payments: over budget it is refused,
        // naming the shortfall, and nothing is committed.
        var finance = await platform.TokenAsync("finance", subject: "finance-1");
        var year = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).Year;
        // Other tests may have spent from this year's budget: leave exactly 1,000,000 fen available.
        using (var current = await platform.Rest.SendAsync(Get($"/api/v1/budgets/{year}", finance)))
        {
            var budget = await current.JsonAsync();
            var spent = current.StatusCode == HttpStatusCode.OK ? Fen(budget, "appropriationFen") - Fen(budget, "availableFen") : 0;
            await JsonAsync(Put($"/api/v1/budgets/{year}", finance, new { appropriationFen = (spent + 1_000_000).ToString(CultureInfo.InvariantCulture) }));
        }
        using (var overBudget = await platform.Rest.SendAsync(Post($"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE", reason = "按专家组建议核定" })))
        {
            var refusal = await overBudget.JsonAsync();
            Assert.Equal(HttpStatusCode.BadRequest, overBudget.StatusCode);
            Assert.Equal("BUDGET_SHORTFALL", Reason(refusal));
            // In Chinese by default, the amounts in 万元: 120,000 元 asked, 10,000 available.
            Assert.Contains("可用 1 万元，核定 12 万元将超支 11 万元", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty((await JsonAsync(Get($"/api/v1/ledger/entries?applicationId={id}", finance))).TryGetProperty("entries", out var none) ? none.EnumerateArray() : []);
        Assert.Equal("APPLICATION_STATUS_IN_JOINT_REVIEW", (await JsonAsync(Get($"/api/v1/applications/{id}", officerA))).GetProperty("status").GetString());
        await JsonAsync(Put($"/api/v1/budgets/{year}", finance, new { appropriationFen = "100000000000" }));

        var approved = await JsonAsync(Post($"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE", reason = "按专家组建议核定" }));
        Assert.Equal("APPLICATION_STATUS_APPROVED", approved.GetProperty("status").GetString());
        Assert.Equal(Recommended.ToString(CultureInfo.InvariantCulture), approved.GetProperty("approvedAmountFen").GetString());
        var committed = (await JsonAsync(Get($"/api/v1/ledger/entries?applicationId={id}", finance))).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([("AVAILABLE", Recommended, 0L), ("COMMITTED", 0L, Recommended)], committed.Select(e => (e.GetProperty("account").GetString(), Fen(e, "debitFen"), Fen(e, "creditFen"))));
        var balances = await JsonAsync(Get($"/api/v1/ledger/balances?year={year}", finance));
        Assert.Equal(0, Fen(balances, "imbalanceFen"));
        Assert.Equal(Recommended, OrganizationBalance(balances, uscc, "COMMITTED"));

        // Public notice from today (Shanghai) for five working days, visible without a token.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var notice = await JsonAsync(Post("/api/v1/notices", officerA, new { policyId = "HRS-2024-2", applicationIds = new[] { id }, startsOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        var endsOn = DateOnly.ParseExact(notice.GetProperty("endsOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.True(endsOn > today);
        using (var open = await platform.Rest.GetAsync("/api/v1/disclosures/HRS-2024-2/notices"))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            var text = await open.Content.ReadAsStringAsync();
            Assert.Contains($"{uscc}-{id}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("李四", text, StringComparison.Ordinal); // the signer of the commitment is a person
        }

        // Past the notice: the finalisation job makes it FINAL.
        try
        {
            using var advanced = await platform.Rest.PostAsync("/dev/clock", JsonContent(new { advanceDays = endsOn.DayNumber - today.DayNumber + 1 }));
            Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
            // Final; Payments obligates the amount and raises the order (payment requested), re-checks eligibility,
            // instructs the treasury (the simulator) and records its confirmation: paid.
            await WaitForStatusAsync(id, "APPLICATION_STATUS_PAID", officerA, TimeSpan.FromSeconds(90));
        }
        finally
        {
            using var reset = await platform.Rest.PostAsync("/dev/clock", JsonContent(new { reset = true }));
        }

        var postings = (await JsonAsync(Get($"/api/v1/ledger/entries?applicationId={id}", finance))).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            [
                ("COMMIT", "AVAILABLE", Recommended, 0L), ("COMMIT", "COMMITTED", 0L, Recommended),
                ("OBLIGATE", "COMMITTED", Recommended, 0L), ("OBLIGATE", "OBLIGATED", 0L, Recommended),
                ("DISBURSE", "OBLIGATED", Recommended, 0L), ("DISBURSE", "DISBURSED", 0L, Recommended),
            ],
            postings.Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("account").GetString(), Fen(e, "debitFen"), Fen(e, "creditFen"))));
        var orders = (await JsonAsync(Get($"/api/v1/payments?applicationId={id}", finance))).GetProperty("payments").EnumerateArray().ToList();
        var order = Assert.Single(orders);
        Assert.Equal((Recommended, "PAYMENT_STATUS_DISBURSED"), (Fen(order, "amountFen"), order.GetProperty("status").GetString()));
        Assert.StartsWith("GK", order.GetProperty("treasuryReference").GetString(), StringComparison.Ordinal);
        var paidBalances = await JsonAsync(Get($"/api/v1/ledger/balances?year={year}", finance));
        Assert.Equal((0L, Recommended), (OrganizationBalance(paidBalances, uscc, "OBLIGATED"), OrganizationBalance(paidBalances, uscc, "DISBURSED")));
        Assert.Equal(0, Fen(await JsonAsync(Get($"/api/v1/ledger/balances?year={year}", finance)), "imbalanceFen"));

        string[] expectedTypes = ["ReviewRequested", "PanelDrawn", "ScoreSubmitted", "ReviewCompleted", "FairCompetitionOpinionRecorded", "ApplicationApproved", "NoticePublished", "AwardFinalised", "PaymentOrdered", "PaymentDisbursed", "EligibilityChecked"];
        var trail = await platform.WaitForAuditEventsAsync(id, auditor, expectedTypes);
        await WaitUntilAsync(async () => (trail = await platform.AuditEntriesAsync(id, auditor)).Any(e => e.GetProperty("summary").GetString()!.Contains(": pay ", StringComparison.Ordinal)));
        var types = trail.Select(e => e.GetProperty("eventType").GetString()).ToList();
        foreach (var expected in expectedTypes)
        {
            Assert.Contains(expected, types);
        }

        Assert.Equal(5, types.Count(t => t == "ScoreSubmitted"));
        var steps = trail.Where(e => e.GetProperty("eventType").GetString() == "ApplicationTransitioned").Select(e => e.GetProperty("summary").GetString()!).ToList();
        foreach (var action in new[] { "submit", "accept", "pass-preliminary", "start-expert-review", "pass-expert-review", "approve", "publish-notice", "finalise", "request-payment", "pay" })
        {
            Assert.Contains(steps, s => s.Contains($": {action} ", StringComparison.Ordinal));
        }

        // The final award list is public in three formats, with the award and without the signer (a natural person).
        foreach (var (format, type) in new[] { ("json", "application/json"), ("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") })
        {
            using var list = await platform.Rest.GetAsync($"/api/v1/disclosures/HRS-2024-2/awards?format={format}");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.StartsWith(type, list.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            if (format != "xlsx")
            {
                var text = await list.Content.ReadAsStringAsync();
                Assert.Contains($"{uscc}-{id}", text, StringComparison.Ordinal);
                Assert.DoesNotContain("李四", text, StringComparison.Ordinal);
            }
        }

        using (var badFormat = await platform.Rest.GetAsync("/api/v1/disclosures/HRS-2024-2/awards?format=pdf"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        }

        using var verify = await platform.Rest.SendAsync(Get("/api/v1/audit:verify", auditor));
        Assert.True((await verify.JsonAsync()).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_matching_1_to_1_application_skips_scoring_and_goes_from_preliminary_review_to_joint_review()
    {
        var officerA = await platform.TokenAsync("case_officer", subject: "officer-bole-a");
        var officerB = await platform.TokenAsync("case_officer", subject: "officer-bole-b");
        var uscc = await RegisterEligibleAsync(officerA);
        var cityHr = await platform.TokenAsync("partner_bureau", bureau: "city_hr");
        var feed = await JsonAsync(Post("/api/v1/feeds/city-awards", cityHr, new
        {
            awards = new[] { new { sourceRecordId = $"BOLE-{Guid.NewGuid():N}", organizationUscc = uscc, awardFen = "5000000", awardYear = "2025", documentNumber = "沪人社〔2025〕1号" } },
        }));
        var id = feed.GetProperty("results")[0].GetProperty("applicationId").GetString()!;
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        // Confirming signs the commitment as any application does: without it, 400 naming the field, nothing changed.
        using (var unsigned = await platform.Rest.SendAsync(Post($"/api/v1/applications/{id}:confirm", applicant, new { })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
            Assert.Equal(["declaration"], (await unsigned.JsonAsync()).ViolatedFields());
        }

        var confirmed = await JsonAsync(Post($"/api/v1/applications/{id}:confirm", applicant, new { declaration = Commitment }));
        Assert.Equal("李四", confirmed.GetProperty("declaration").GetProperty("signerName").GetString());
        await JsonAsync(Post($"/api/v1/applications/{id}:accept", officerA, new { reason = "材料齐全" }));
        var passed = await JsonAsync(Post($"/api/v1/applications/{id}:pass-preliminary", officerB, new { reason = "符合条件" }));

        Assert.Equal("APPLICATION_STATUS_IN_JOINT_REVIEW", passed.GetProperty("status").GetString());
        Assert.Equal("skip-expert-review", passed.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());
        using var noReview = await platform.Rest.SendAsync(Get($"/api/v1/reviews/{id}", officerA));
        Assert.Equal(HttpStatusCode.NotFound, noReview.StatusCode);
    }

    [Fact]
    public async Task A_final_award_the_treasury_rejects_is_revised_paid_once_and_read_only_by_its_own_organisation()
    {
        var officerA = await platform.TokenAsync("case_officer", subject: "officer-pay-a");
        var officerB = await platform.TokenAsync("case_officer", subject: "officer-pay-b");
        var finance = await platform.TokenAsync("finance", subject: "finance-pay");
        var uscc = await RegisterEligibleAsync(officerA);
        const string CorrectedAccount = "6222021001000012345";
        // The treasury rejects this payee's first instruction (no account), and confirms the corrected one twice.
        using (var simulator = platform.TreasurySimulator())
        {
            await new Huangpu.Grpc.Treasury.V1.TreasurySimulator.TreasurySimulatorClient(simulator).ConfigureAsync(new Huangpu.Grpc.Treasury.V1.SimulatorBehaviour
            {
                LateConfirmationMs = 1000,
                TimeOutMs = 6000,
                ByPayee = { [uscc] = Huangpu.Grpc.Treasury.V1.SimulatedOutcome.Reject },
                ByAccount = { [CorrectedAccount] = Huangpu.Grpc.Treasury.V1.SimulatedOutcome.ConfirmTwice },
            });
        }

        // 14.1 (matched city award): joint review, notice and finalisation, then payment.
        var cityHr = await platform.TokenAsync("partner_bureau", bureau: "city_hr");
        var feed = await JsonAsync(Post("/api/v1/feeds/city-awards", cityHr, new
        {
            awards = new[] { new { sourceRecordId = $"BOLE-{Guid.NewGuid():N}", organizationUscc = uscc, awardFen = "5000000", awardYear = "2025", documentNumber = "沪人社〔2025〕2号" } },
        }));
        var id = feed.GetProperty("results")[0].GetProperty("applicationId").GetString()!;
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        await JsonAsync(Post($"/api/v1/applications/{id}:confirm", applicant, new { declaration = Commitment }));
        await JsonAsync(Post($"/api/v1/applications/{id}:accept", officerA, new { reason = "材料齐全" }));
        await JsonAsync(Post($"/api/v1/applications/{id}:pass-preliminary", officerB, new { reason = "符合条件" }));
        foreach (var member in new[] { "joint-1", "joint-2", "joint-3" })
        {
            await JsonAsync(Post($"/api/v1/joint-reviews/{id}/votes", await platform.TokenAsync("joint_reviewer", subject: member), new { decision = "APPROVE", amountFen = "5000000", reason = "市级伯乐奖 1:1 配套" }));
        }

        var pool = (await JsonAsync(Get("/api/v1/experts?pageSize=500", officerA))).GetProperty("experts").EnumerateArray();
        var adviser = pool.First(e => e.GetProperty("kind").GetString() == "EXPERT_KIND_FAIR_COMPETITION_ADVISER").GetProperty("expertId").GetString()!;
        await JsonAsync(Post("/api/v1/fair-competition-reviews", await platform.TokenAsync("expert", subject: adviser), new { applicationIds = new[] { id }, opinion = "NO_OBJECTION" }));
        await WaitUntilAsync(async () => (await JsonAsync(Get($"/api/v1/applications/{id}", officerA))).GetProperty("jointReview").TryGetProperty("fairCompetitionOpinion", out var o) && o.GetString() == "NO_OBJECTION");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        using (var budget = await platform.Rest.SendAsync(Get($"/api/v1/budgets/{today.Year}", finance)))
        {
            if (budget.StatusCode != HttpStatusCode.OK || Fen(await budget.JsonAsync(), "availableFen") < 5_000_000)
            {
                await JsonAsync(Put($"/api/v1/budgets/{today.Year}", finance, new { appropriationFen = "100000000000" }));
            }
        }

        await JsonAsync(Post($"/api/v1/joint-reviews/{id}:decide", officerA, new { decision = "APPROVE", reason = "按市级奖励 1:1 配套" }));
        var notice = await JsonAsync(Post("/api/v1/notices", officerA, new { policyId = "HRS-2024-2", applicationIds = new[] { id }, startsOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        var endsOn = DateOnly.ParseExact(notice.GetProperty("endsOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        JsonElement order;
        try
        {
            using var advanced = await platform.Rest.PostAsync("/dev/clock", JsonContent(new { advanceDays = endsOn.DayNumber - today.DayNumber + 1 }));
            Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
            await WaitForStatusAsync(id, "APPLICATION_STATUS_PAYMENT_REQUESTED", officerA, TimeSpan.FromSeconds(90));
            order = default;
            await WaitUntilAsync(async () =>
            {
                order = Assert.Single((await JsonAsync(Get($"/api/v1/payments?applicationId={id}", finance))).GetProperty("payments").EnumerateArray());
                return order.GetProperty("status").GetString() == "PAYMENT_STATUS_REJECTED";
            });
        }
        finally
        {
            using var reset = await platform.Rest.PostAsync("/dev/clock", JsonContent(new { reset = true }));
        }

        var paymentId = order.GetProperty("paymentId").GetString()!;
        var rejectedInstruction = order.GetProperty("instructionId").GetString()!;
        Assert.Contains("account", Assert.Single(order.GetProperty("reasons").EnumerateArray()).GetString(), StringComparison.Ordinal);

        // The applicant reads its own payment; another organisation's applicant finds nothing (404).
        Assert.Equal(paymentId, Assert.Single((await JsonAsync(Get($"/api/v1/payments?applicationId={id}", applicant))).GetProperty("payments").EnumerateArray()).GetProperty("paymentId").GetString());
        using (var other = await platform.Rest.SendAsync(Get($"/api/v1/payments?applicationId={id}", await platform.TokenAsync("applicant", organizationUscc: TestCodes.NewUscc()))))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        // Only finance revises, with a reason; a revision is a new instruction under a new key linked to the rejected one.
        using (var auditorRevise = await platform.Rest.SendAsync(Post($"/api/v1/payments/{paymentId}:revise", await platform.TokenAsync("auditor"), new { payeeAccount = CorrectedAccount, reason = "更正账户" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, auditorRevise.StatusCode);
        }

        using (var noReason = await platform.Rest.SendAsync(Post($"/api/v1/payments/{paymentId}:revise", finance, new { payeeAccount = CorrectedAccount })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Equal(["reason"], (await noReason.JsonAsync()).ViolatedFields());
        }

        var revised = await JsonAsync(Post($"/api/v1/payments/{paymentId}:revise", finance, new { payeeAccount = CorrectedAccount, reason = "企业更正收款账户" }));
        Assert.Equal("PAYMENT_STATUS_PENDING", revised.GetProperty("status").GetString());
        using (var twice = await platform.Rest.SendAsync(Post($"/api/v1/payments/{paymentId}:revise", finance, new { payeeAccount = CorrectedAccount, reason = "再次更正" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
            Assert.Equal("PAYMENT_STATUS_CONFLICT", Reason(await twice.JsonAsync()));
        }

        await WaitForStatusAsync(id, "APPLICATION_STATUS_PAID", officerA, TimeSpan.FromSeconds(60));
        var paid = Assert.Single((await JsonAsync(Get($"/api/v1/payments?applicationId={id}", finance))).GetProperty("payments").EnumerateArray());
        Assert.Equal("PAYMENT_STATUS_DISBURSED", paid.GetProperty("status").GetString());
        Assert.Equal(rejectedInstruction, Assert.Single(paid.GetProperty("previousInstructionIds").EnumerateArray()).GetString());
        var instruction = paid.GetProperty("instructionId").GetString()!;
        Assert.NotEqual(rejectedInstruction, instruction);

        // Confirmations: only the treasury; one that differs from the instruction is refused; a repeat changes nothing.
        object Confirmation(long amountFen) => new { instructionId = instruction, outcome = "SETTLED", amountFen = amountFen.ToString(CultureInfo.InvariantCulture), payeeUscc = uscc, treasuryReference = "GK-REPEAT" };
        using (var credit = await platform.Rest.SendAsync(Post("/api/v1/treasury/confirmations", await platform.TokenAsync("partner_bureau", bureau: "credit"), Confirmation(5_000_000))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, credit.StatusCode);
        }

        var treasury = await platform.TokenAsync("partner_bureau", bureau: "treasury");
        using (var mismatch = await platform.Rest.SendAsync(Post("/api/v1/treasury/confirmations", treasury, Confirmation(5_000_001))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            Assert.Equal("CONFIRMATION_MISMATCH", Reason(await mismatch.JsonAsync()));
        }

        Assert.Equal("PAYMENT_STATUS_DISBURSED", (await JsonAsync(Post("/api/v1/treasury/confirmations", treasury, Confirmation(5_000_000)))).GetProperty("status").GetString());
        var postings = (await JsonAsync(Get($"/api/v1/ledger/entries?applicationId={id}", finance))).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, postings.Count(e => e.GetProperty("kind").GetString() == "DISBURSE"));
        Assert.Equal(5_000_000, postings.Where(e => e.GetProperty("account").GetString() == "DISBURSED").Sum(e => Fen(e, "creditFen") - Fen(e, "debitFen")));

        // Reconciliation takes only a day that is over (a month ahead: whatever the development clock says).
        using (var tooEarly = await platform.Rest.SendAsync(Post("/api/v1/reconciliations", finance, new { date = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        }

        var reconciled = await JsonAsync(Post("/api/v1/reconciliations", finance, new { date = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        Assert.True(reconciled.TryGetProperty("reconciliationId", out _));

        var auditor = await platform.TokenAsync("auditor");
        var types = new List<string?>();
        await WaitUntilAsync(async () =>
        {
            types = [.. (await platform.AuditEntriesAsync(id, auditor)).Select(e => e.GetProperty("eventType").GetString())];
            return types.Contains("PaymentDisbursed");
        });
        Assert.Equal(1, types.Count(t => t == "PaymentFailed"));
        Assert.Equal(1, types.Count(t => t == "PaymentDisbursed"));

        // Found fraudulent: a case, a fraud finding, the clawback ordered by one officer and approved by another.
        var complianceA = await platform.TokenAsync("compliance_officer", subject: "compliance-a");
        var complianceB = await platform.TokenAsync("compliance_officer", subject: "compliance-b");
        var opened = await JsonAsync(Post("/api/v1/cases", complianceA, new { applicationId = id, organizationUscc = uscc, summary = "伯乐奖证明材料系伪造" }));
        var caseId = opened.GetProperty("caseId").GetString()!;
        using (var byAuditor = await platform.Rest.SendAsync(Post($"/api/v1/cases/{caseId}:record-finding", auditor, new { finding = "FINDING_FRAUD", clawbackAmountFen = "3000000", evidence = "市人社局复函" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        }

        await JsonAsync(Post($"/api/v1/cases/{caseId}:record-finding", complianceA, new { finding = "FINDING_FRAUD", clawbackAmountFen = "3000000", evidence = "市人社局复函：伯乐奖证书系伪造" }));
        await JsonAsync(Post($"/api/v1/cases/{caseId}:order-clawback", complianceA, new { reason = "证据确凿，依附则（一）追回" }));
        using (var sameOfficer = await platform.Rest.SendAsync(Post($"/api/v1/cases/{caseId}:approve-clawback", complianceA, new { reason = "同意" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sameOfficer.StatusCode);
            Assert.Equal("SAME_OFFICER", Reason(await sameOfficer.JsonAsync()));
        }

        var ordered = await JsonAsync(Post($"/api/v1/cases/{caseId}:approve-clawback", complianceB, new { reason = "复核同意追回" }, idempotencyKey: $"approve-{caseId}"));
        Assert.Equal("CASE_STATUS_CLAWBACK_ORDERED", ordered.GetProperty("status").GetString());
        // A retry with the same key answers the same and orders nothing again.
        Assert.Equal("CASE_STATUS_CLAWBACK_ORDERED", (await JsonAsync(Post($"/api/v1/cases/{caseId}:approve-clawback", complianceB, new { reason = "复核同意追回" }, idempotencyKey: $"approve-{caseId}"))).GetProperty("status").GetString());

        // Payments opens one receivable for it, and the clawback is in the ledger.
        JsonElement receivable = default;
        await WaitUntilAsync(async () =>
        {
            var receivables = (await JsonAsync(Get($"/api/v1/receivables?organizationUscc={uscc}", finance))).TryGetProperty("receivables", out var list) ? list.EnumerateArray().ToList() : [];
            receivable = receivables.SingleOrDefault();
            return receivables.Count == 1;
        });
        Assert.Equal((3_000_000L, 3_000_000L, caseId), (Fen(receivable, "amountFen"), Fen(receivable, "outstandingFen"), receivable.GetProperty("caseId").GetString()));
        var clawedBack = (await JsonAsync(Get($"/api/v1/ledger/entries?applicationId={id}", finance))).GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "CLAWBACK").ToList();
        Assert.Equal(2, clawedBack.Count);

        // The credit bureau applies the proposed record: the organisation is no longer eligible, and a new application is refused.
        var creditProposed = new List<string?>();
        await WaitUntilAsync(async () =>
        {
            creditProposed = [.. (await platform.AuditEntriesAsync(uscc, auditor)).Select(e => e.GetProperty("eventType").GetString())];
            return creditProposed.Contains("CreditRecordProposed");
        });
        using (var listed = await platform.Rest.SendAsync(Post($"/api/v1/organizations/{uscc}/credit-records", await platform.TokenAsync("partner_bureau", bureau: "credit"), new
        {
            sourceRecordId = $"CR-FRAUD-{caseId}",
            kind = "CREDIT_RECORD_KIND_SERIOUS_DISHONESTY",
            listedOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            authority = "上海市黄浦区人力资源和社会保障局",
            documentNumber = "黄人社〔2026〕9号",
        })))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        using (var refused = await platform.Rest.SendAsync(Submission(uscc, applicant, await UploadDocumentAsync(applicant))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("NOT_ELIGIBLE", Reason(await refused.JsonAsync()));
        }

        await AuditedCallsAndTheDecisionPacketAsync(id, uscc, auditor);
    }

    /// <summary>
    /// The award's trail holds every state-changing call with its caller and a read refused to another organisation;
    /// its decision packet verifies against the trail, and fails with one amount changed.
    /// </summary>
    private async Task AuditedCallsAndTheDecisionPacketAsync(string id, string uscc, string auditor)
    {
        var stranger = await platform.TokenAsync("applicant", organizationUscc: TestCodes.NewUscc(), subject: "applicant-stranger");
        using (var hidden = await platform.Rest.SendAsync(Get($"/api/v1/applications/{id}", stranger)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        // Each service records its calls by its own messages: the trail is read until the last of them has arrived.
        static List<(string? Actor, JsonElement Data)> CallsOn(List<JsonElement> trail) => trail
            .Where(e => e.GetProperty("eventType").GetString() == "ApiCallRecorded")
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Data: JsonDocument.Parse(e.GetProperty("dataJson").GetString()!).RootElement))
            .ToList();
        static bool Called(List<(string? Actor, JsonElement Data)> calls, string method) =>
            calls.Any(c => c.Data.GetProperty("method").GetString()!.EndsWith(method, StringComparison.Ordinal));
        var trail = new List<JsonElement>();
        await WaitUntilAsync(async () =>
        {
            trail = await platform.AuditEntriesAsync(id, auditor, includeCalls: true);
            var recorded = CallsOn(trail);
            return trail.Any(e => e.GetProperty("eventType").GetString() == "AccessRefused")
                && recorded.Count(c => c.Data.GetProperty("method").GetString()!.EndsWith("/CastVote", StringComparison.Ordinal)) >= 3
                && Called(recorded, "/DecideJointReview") && Called(recorded, "/ApproveClawback");
        });
        var refusal = trail.Single(e => e.GetProperty("eventType").GetString() == "AccessRefused");
        Assert.Equal(("applicant-stranger", "applicant"), (refusal.GetProperty("actor").GetString(), refusal.GetProperty("actorRole").GetString()));
        var calls = CallsOn(trail);
        Assert.Equal(
            ["joint-1", "joint-2", "joint-3"],
            calls.Where(c => c.Data.GetProperty("method").GetString()!.EndsWith("/CastVote", StringComparison.Ordinal)).Select(c => c.Actor).Order(StringComparer.Ordinal));
        Assert.Contains(calls, c => c.Actor == "officer-pay-a" && c.Data.GetProperty("method").GetString()!.EndsWith("/DecideJointReview", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Actor == "compliance-b" && c.Data.GetProperty("method").GetString()!.EndsWith("/ApproveClawback", StringComparison.Ordinal));

        // The organisation's registration is audited as a call too, with its people masked.
        var registration = (await platform.AuditEntriesAsync(uscc, auditor, includeCalls: true)).First(e => e.GetProperty("eventType").GetString() == "ApiCallRecorded");
        var recorded = registration.GetProperty("dataJson").GetString()!;
        Assert.Contains("RegisterOrganization", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(LegalRepresentative, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(ContactName, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(ContactPhone, recorded, StringComparison.Ordinal);

        // The decision packet: the auditor's, not the applicant's; it verifies against the trail's own hash of its last entry.
        using (var byApplicant = await platform.Rest.SendAsync(Get($"/api/v1/decision-packets/{id}", await platform.TokenAsync("applicant", organizationUscc: uscc))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byApplicant.StatusCode);
        }

        using (var unknown = await platform.Rest.SendAsync(Get($"/api/v1/decision-packets/{Guid.NewGuid()}", auditor)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var served = await platform.Rest.SendAsync(Get($"/api/v1/decision-packets/{id}", auditor));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var packet = JsonSerializer.Deserialize<Huangpu.Contracts.Auditing.DecisionPacket>(await served.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        var sections = packet.Entries.Select(e => e.Section).ToHashSet();
        Assert.Superset(new HashSet<string> { "eligibility", "application", "fairCompetition", "jointReview", "notice", "payment", "compliance", "apiCalls" }, sections);
        // The eligibility answers the decisions rested on, with the organisation's record version and the rules' version.
        var answers = packet.Entries.Where(e => e.EventType == "EligibilityChecked").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Contains(answers, a => a.GetProperty("step").GetString() == "joint-review"
            && a.GetProperty("eligible").GetBoolean()
            && a.GetProperty("organizationVersion").GetInt64() >= 1
            && a.GetProperty("rulesVersion").GetString()!.StartsWith("HRS-2024-2/eligibility/1;", StringComparison.Ordinal));
        var head = (await platform.AuditEntriesAsync(id, auditor, includeCalls: true)).Single(e => long.Parse(e.GetProperty("sequence").GetString()!, CultureInfo.InvariantCulture) == packet.Head.Sequence);
        var verdict = Huangpu.Contracts.Auditing.DecisionPacketVerifier.Verify(packet, new(packet.Head.Sequence, head.GetProperty("hash").GetString()!));
        Assert.True(verdict.Intact, verdict.Detail);

        var approval = packet.Entries.Single(e => e.EventType == "ApplicationApproved");
        var amended = packet with { Entries = [.. packet.Entries.Select(e => e == approval ? e with { Data = e.Data.Replace("5000000", "50000000", StringComparison.Ordinal) } : e)] };
        Assert.NotEqual(approval.Data, amended.Entries.Single(e => e.EventType == "ApplicationApproved").Data);
        var broken = Huangpu.Contracts.Auditing.DecisionPacketVerifier.Verify(amended);
        Assert.False(broken.Intact);
        Assert.Equal(approval.Sequence, broken.FirstBrokenSequence);

        // The public statistics count the award under its item, beside the year's appropriation; no token needed.
        using var statistics = await platform.Rest.GetAsync("/api/v1/disclosures/HRS-2024-2/statistics");
        Assert.Equal(HttpStatusCode.OK, statistics.StatusCode);
        var matching = (await statistics.JsonAsync()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemCode").GetString() == "14.1");
        Assert.True(int.Parse(matching.GetProperty("awards").ToString(), CultureInfo.InvariantCulture) >= 1);
        using var badYear = await platform.Rest.GetAsync("/api/v1/disclosures/HRS-2024-2/statistics?year=1999");
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
    }

    private async Task<(string Uscc, string Id)> SubmitAndPassPreliminaryAsync(string officerA, string officerB)
    {
        var uscc = await RegisterEligibleAsync(officerA);
        var applicant = await platform.TokenAsync("applicant", organizationUscc: uscc);
        var sha = await UploadDocumentAsync(applicant);
        var submitted = await JsonAsync(Submission(uscc, applicant, sha));
        var id = submitted.GetProperty("applicationId").GetString()!;
        await JsonAsync(Post($"/api/v1/applications/{id}:accept", officerA, new { reason = "材料齐全" }));
        var passed = await JsonAsync(Post($"/api/v1/applications/{id}:pass-preliminary", officerB, new { reason = "符合条件" }));
        Assert.Equal("APPLICATION_STATUS_PRELIMINARY_PASSED", passed.GetProperty("status").GetString());
        return (uscc, id);
    }

    private static HttpRequestMessage Submission(string uscc, string applicant, string documentSha) =>
        Post("/api/v1/applications", applicant, new
        {
            policyId = "HRS-2024-2",
            organizationUscc = uscc,
            itemCode = "4.2",
            title = "智能人岗匹配专利应用",
            summary = "以专利技术提升人岗匹配效率。",
            projectPeriod = new { start = "2025-03-01", end = "2025-12-31" },
            requestedAmountFen = Requested.ToString(CultureInfo.InvariantCulture),
            declaration = new { textVersion = "HRS-2024-2/1", signerName = "李四", signedAt = "2026-05-10T09:00:00+08:00" },
            documents = new[] { new { sha256 = documentSha, name = "专利证书.pdf" } },
        });

    private async Task<string> UploadDocumentAsync(string applicant)
    {
        var bytes = "%PDF-1.7\n"u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).Concat("\n%%EOF\n"u8.ToArray()).ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using (var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{sha}") { Content = new ByteArrayContent(bytes) })
        {
            upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", applicant);
            using var uploaded = await platform.Rest.SendAsync(upload);
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        }

        return sha;
    }

    private async Task<string> RegisterEligibleAsync(string officer)
    {
        var uscc = TestCodes.NewUscc();
        await JsonAsync(Post("/api/v1/organizations", officer, new
        {
            uscc,
            name = "上海评审测试人力资源有限公司",
            legalForm = "LEGAL_FORM_LEGAL_ENTITY",
            registeredAddress = $"上海市黄浦区测试路{Random.Shared.Next(1, 99999)}号",
            registeredDistrictCode = "310101",
            registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
            hrLicence = new { number = "沪人社许字第00009号", validFrom = "2020-01-01", validTo = "2030-12-31" },
            industryDirectionConfirmed = true,
            legalRepresentative = new { name = LegalRepresentative },
            contact = new { name = ContactName, phone = ContactPhone },
        }));
        return uscc;
    }

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

    private async Task WaitForStatusAsync(string id, string status, string token, TimeSpan? timeout = null)
    {
        var last = string.Empty;
        await WaitUntilAsync(async () =>
        {
            last = (await JsonAsync(Get($"/api/v1/applications/{id}", token))).GetProperty("status").GetString()!;
            return last == status;
        }, timeout, () => $"waiting for {status}, still {last}");
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static long Fen(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : 0;

    private static long OrganizationBalance(JsonElement balances, string uscc, string account) =>
        balances.GetProperty("byOrganization").EnumerateArray()
            .Where(b => b.GetProperty("account").GetString() == account && b.TryGetProperty("organizationUscc", out var o) && o.GetString() == uscc)
            .Sum(b => Fen(b, "balanceFen"));

    private static HttpRequestMessage Put(string path, string token, object body)
    {
        var request = Post(path, token, body);
        request.Method = HttpMethod.Put;
        return request;
    }

    private static string Reason(JsonElement status) =>
        status.Details("google.rpc.ErrorInfo").Single().GetProperty("reason").GetString()!;
}

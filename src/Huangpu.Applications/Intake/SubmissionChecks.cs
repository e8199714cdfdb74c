using Huangpu.Contracts;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Huangpu.BuildingBlocks.Registry;
using Huangpu.Applications.Catalog;
using Huangpu.Applications.Domain;
using Huangpu.Applications.Infrastructure;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Applications.Intake;

/// <summary>A submission that passed every check: where it falls in the catalog and what it matches.</summary>
public sealed record CheckedSubmission(Policy Policy, PolicyItem Item, ApplicationRound Round, CityAwardRecord? CityAward, EligibilityAnswer Eligibility);

/// <summary>
/// Every check a submission passes before anything is stored, each refused with its own specific error:
/// the catalog (policy in force, item, round open on the submission date), the item's award rule (cap,
/// 1:1 matching of a city award, referral), the project period, the documents (uploaded and intact), the
/// same-project and stacking rule, and the organisation's eligibility as the Registry sees it that day.
/// </summary>
public sealed class SubmissionChecks(PolicyCatalog catalog, IEligibilityClient eligibility, ApplicationsDbContext db, PolicyCalendar calendar)
{
    /// <summary>Stored status names of applications a submission never competes with: the inactive ones and drafts.</summary>
    private static readonly string[] NotCompeting = [.. ApplicationLifecycle.Inactive.Append(ApplicationStatus.Draft).Select(s => s.ToString())];

    /// <summary>The policy named, or the one in force when none is named (refused when that is not exactly one).</summary>
    public Policy ResolvePolicy(string policyId, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(policyId))
        {
            return catalog.Find(policyId) ?? throw RpcErrors.InvalidArgument("policyId", $"There is no policy '{policyId}' in the catalog.", $"政策目录中没有“{policyId}”。");
        }

        var inForce = catalog.InForceOn(calendar.DateOf(now));
        return inForce.Count == 1
            ? inForce[0]
            : throw RpcErrors.InvalidArgument("policyId", $"policyId may be omitted only when exactly one policy is in force; {inForce.Count} are.", $"仅当恰有一项政策有效时可省略 policyId，当前有效政策为 {inForce.Count} 项。");
    }

    /// <summary>The catalog part, shared by drafts (which only need a real policy and item).</summary>
    public (Policy Policy, PolicyItem Item) Resolve(string policyId, string itemCode, DateTimeOffset now)
    {
        var policy = ResolvePolicy(policyId, now);
        var item = policy.Item(itemCode) ?? throw RpcErrors.InvalidArgument("itemCode", $"Policy {policy.PolicyId} has no item '{itemCode}'.", $"政策 {policy.PolicyId} 中没有“{itemCode}”项。");
        return (policy, item);
    }

    /// <summary>Serialises the writes of one organisation's applications (the same-project rule reads what another would write).</summary>
    private const string OrganizationLockSql = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

    /// <summary>The organisation's transaction-scoped lock on its own, for writes that run no checks (drafts, city awards).</summary>
    public async Task LockOrganizationAsync(string uscc, CancellationToken cancellationToken)
    {
        RequireTransaction();
        await using var batch = db.Database.CreateBatch().Add(OrganizationLockSql, [OrganizationLockKey(uscc)]);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="lockOrganization">
    /// Take the organisation's transaction-scoped lock first, in the same round trip as the reads that must
    /// come after it (a caller that holds it already passes false).
    /// </param>
    public async Task<CheckedSubmission> CheckAsync(ApplicationContent content, DateTimeOffset now, Guid? self, bool lockOrganization, CancellationToken cancellationToken)
    {
        var (policy, item) = Resolve(content.PolicyId, content.ItemCode, now);
        RequireComplete(content);

        if (item.AwardRule == AwardRule.Referral)
        {
            throw RpcErrors.FailedPrecondition(
                "REFERRAL_ITEM",
                $"{policy.PolicyId}/{item.Code}",
                $"Item {item.Code} is not applied for under this policy: {item.ReferralNote} Contact: {policy.Contact}.",
                $"第 {item.Code} 项不在本政策下申报：{item.ReferralNote} 咨询：{policy.Contact}。");
        }

        var date = calendar.DateOf(now);
        if (!policy.IsInForceOn(date))
        {
            throw RpcErrors.FailedPrecondition(
                "POLICY_NOT_IN_FORCE",
                policy.PolicyId,
                $"Policy {policy.PolicyId} is in force from {Day(policy.ValidFrom)} to {Day(policy.ValidTo)} ({calendar.Zone.Id}); today there is {Day(date)}.",
                $"政策 {policy.PolicyId} 的有效期为 {Day(policy.ValidFrom)} 至 {Day(policy.ValidTo)}，今天（{Day(date)}）不在有效期内。");
        }

        var round = item.Rounds.FirstOrDefault(r => r.IsOpenOn(date)) ?? throw RpcErrors.FailedPrecondition(
            "ROUND_CLOSED",
            $"{policy.PolicyId}/{item.Code}",
            $"No application round of item {item.Code} is open on {Day(date)}: {string.Join("; ", item.Rounds.Select(r => $"{Day(r.OpensOn)}–{Day(r.ClosesOn)}"))}.",
            $"第 {item.Code} 项在 {Day(date)} 没有开放的申报批次：{string.Join("；", item.Rounds.Select(r => $"{Day(r.OpensOn)} 至 {Day(r.ClosesOn)}"))}。");

        var period = content.ProjectPeriod!;
        if (!period.Overlaps(policy.ValidFrom, policy.ValidTo))
        {
            throw RpcErrors.InvalidArgument(
                "projectPeriod",
                $"The project period {Day(period.Start)}–{Day(period.End)} does not overlap the policy's validity {Day(policy.ValidFrom)}–{Day(policy.ValidTo)}.",
                $"项目期间 {Day(period.Start)} 至 {Day(period.End)} 与政策有效期 {Day(policy.ValidFrom)} 至 {Day(policy.ValidTo)} 不重叠。");
        }

        if (item.AwardRule == AwardRule.Cap && content.RequestedAmountFen > item.CapFen)
        {
            throw RpcErrors.InvalidArgument(
                "requestedAmountFen",
                $"Item {item.Code} awards at most {AmountText.English(item.CapFen ?? 0)}; {AmountText.English(content.RequestedAmountFen)} was requested.",
                $"第 {item.Code} 项奖励上限为 {AmountText.Chinese(item.CapFen ?? 0)}，申请金额 {AmountText.Chinese(content.RequestedAmountFen)} 超出上限。");
        }

        // The Registry is asked while the database is read: its round trip is not spent holding the
        // organisation's lock and a pooled connection. Its answer still comes after the other refusals.
        using var registryCall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eligible = eligibility.CheckAsync(content.OrganizationUscc, date, registryCall.Token);
        try
        {
            var stored = await ReadAsync(content, self, lockOrganization, cancellationToken);
            var cityAward = await MatchCityAwardAsync(content, item, cancellationToken);
            RequireDocuments(content.Documents, stored.Documents);
            RequireNoSameProject(content, stored.Candidates);
            var answer = await eligible;
            RequireEligible(content.OrganizationUscc, date, answer);
            return new CheckedSubmission(policy, item, round, cityAward, answer);
        }
        finally
        {
            if (!eligible.IsCompleted)
            {
                // Refused before the answer was needed: the call is abandoned, and awaited so nothing outlives the request.
                await registryCall.CancelAsync();
                await ((Task)eligible).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            _ = eligible.Exception; // a failure of an abandoned call is observed here, not left to the finalizer
        }
    }

    /// <summary>For a 1:1 matching item, the city award it matches (the amount must equal it); null for other items.</summary>
    private async Task<CityAwardRecord?> MatchCityAwardAsync(ApplicationContent content, PolicyItem item, CancellationToken cancellationToken)
    {
        CityAwardRecord? cityAward = null;
        if (item.AwardRule == AwardRule.Matching1To1)
        {
            cityAward = await UnmatchedCityAwardAsync(content.OrganizationUscc, cancellationToken) ?? throw RpcErrors.FailedPrecondition(
                "CITY_AWARD_REQUIRED",
                content.OrganizationUscc,
                $"Item {item.Code} matches a city Bole award 1:1, and the city HR bureau has reported no unmatched award for {content.OrganizationUscc}.",
                $"第 {item.Code} 项按市级伯乐奖 1:1 配套，市人社局未报送 {content.OrganizationUscc} 尚未配套的获奖记录。");
            if (content.RequestedAmountFen != cityAward.AwardFen)
            {
                throw RpcErrors.InvalidArgument(
                    "requestedAmountFen",
                    $"Item {item.Code} is exactly the city award: {AmountText.English(cityAward.AwardFen)}, not {AmountText.English(content.RequestedAmountFen)}.",
                    $"第 {item.Code} 项奖励金额须等于市级奖励 {AmountText.Chinese(cityAward.AwardFen)}，而非 {AmountText.Chinese(content.RequestedAmountFen)}。");
            }
        }

        return cityAward;
    }

    /// <summary>The Registry's answer on the policy date (Unavailable if it cannot be asked).</summary>
    public Task<EligibilityAnswer> EligibilityAsync(string uscc, DateOnly date, CancellationToken cancellationToken) =>
        eligibility.CheckAsync(uscc, date, cancellationToken);

    /// <summary>Eligibility on the policy date, from the Registry (Unavailable if it cannot be asked); answers it when eligible.</summary>
    public async Task<EligibilityAnswer> RequireEligibleAsync(string uscc, DateOnly date, CancellationToken cancellationToken)
    {
        var answer = await eligibility.CheckAsync(uscc, date, cancellationToken);
        RequireEligible(uscc, date, answer);
        return answer;
    }

    private static void RequireEligible(string uscc, DateOnly date, EligibilityAnswer answer)
    {
        if (!answer.Registered)
        {
            throw RpcErrors.FailedPrecondition(
                "ORGANIZATION_NOT_REGISTERED",
                uscc,
                $"{uscc} is not registered with the platform.",
                $"{uscc} 尚未在平台登记。");
        }

        if (!answer.Eligible)
        {
            throw RpcErrors.FailedPrecondition(
                "NOT_ELIGIBLE",
                $"{uscc} is not eligible on {Day(date)}: {string.Join(" ", answer.FailedRules.Select(r => r.MessageEn))}",
                $"{uscc} 于 {Day(date)} 不符合申报条件：{string.Join("", answer.FailedRules.Select(r => r.MessageZh))}",
                answer.FailedRules.Select(r => (r.Code, uscc, r.MessageEn, r.MessageZh)));
        }
    }

    /// <summary>The organisation's city award not yet matched by an active application, oldest first.</summary>
    public async Task<CityAwardRecord?> UnmatchedCityAwardAsync(string uscc, CancellationToken cancellationToken)
    {
        var awards = await db.CityAwards.Where(c => c.OrganizationUscc == uscc).OrderBy(c => c.ReceivedAt).ToListAsync(cancellationToken);
        var matched = await db.Applications.AsNoTracking()
            .Where(a => a.OrganizationUscc == uscc && a.CityAwardRecordId != null)
            .ToListAsync(cancellationToken);
        return awards.FirstOrDefault(award => !matched.Any(a => a.CityAwardRecordId == award.SourceRecordId && a.Lifecycle.IsActive));
    }

    private static void RequireComplete(ApplicationContent content)
    {
        var problems = new List<FieldProblem>();
        if (content.ProjectPeriod is null)
        {
            problems.Add(new FieldProblem("projectPeriod", "A submission states the project period.", "申报须填写项目期间。"));
        }

        if (content.Declaration is null)
        {
            problems.Add(new FieldProblem("declaration", "A submission carries the signed commitment (承诺书).", "申报须附签署的承诺书。"));
        }

        if (content.Documents.Count == 0)
        {
            problems.Add(new FieldProblem("documents", "A submission references at least one uploaded evidence document.", "申报须至少附一份已上传的证明材料。"));
        }

        if (string.IsNullOrWhiteSpace(content.Summary))
        {
            problems.Add(new FieldProblem("summary", "A submission summarises the project.", "申报须填写项目简介。"));
        }

        if (content.RequestedAmountFen <= 0)
        {
            problems.Add(new FieldProblem("requestedAmountFen", "A submission requests an amount above zero (in fen).", "申报须填写大于零的申请金额（分）。"));
        }

        if (problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(problems);
        }
    }

    /// <summary>Another application the same-project rule may match: its id and item, and what the rule compares.</summary>
    private sealed record Candidate(Guid Id, string ItemCode, SameProject Project);

    private sealed record StoredState(Dictionary<string, byte[]> Documents, List<Candidate> Candidates);

    /// <summary>
    /// What the checks read, in one round trip: the organisation's lock (when asked), then the referenced
    /// documents' bytes and the same-project candidates, each statement after the lock seeing what the
    /// previous holder committed. The candidates query is a pre-filter derived from <see cref="SameProject"/>,
    /// which decides: the same organisation's active, submitted applications with the same normalised title or
    /// one of this submission's project documents, each arm on its own index; the documents arm is one JSON path
    /// over the array, so the SQL has one shape whatever the number of documents.
    /// </summary>
    private async Task<StoredState> ReadAsync(ApplicationContent content, Guid? self, bool lockOrganization, CancellationToken cancellationToken)
    {
        if (lockOrganization)
        {
            RequireTransaction();
        }

        var shas = content.Documents.Select(d => d.Sha256).ToArray();
        var project = SameProject.Of(content.OrganizationUscc, content.Title, content.Documents, content.ProjectPeriod);
        var title = project.NormalizedTitle;
        // No project document: a path that matches nothing (no SHA-256 is empty).
        var sharesADocument = $"$[*] ? ({(project.ProjectDocuments.Count == 0 ? "@.sha256 == \"\"" : string.Join(" || ", project.ProjectDocuments.Select(sha => $"@.sha256 == {JsonSerializer.Serialize(sha)}")))})";
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = db.Database.CreateBatch();
            if (lockOrganization)
            {
                batch.Add(OrganizationLockSql, [OrganizationLockKey(content.OrganizationUscc)]);
            }

            batch.Add("SELECT sha256, content FROM documents WHERE sha256 = ANY($1)", [shas]).Add(
                """
                SELECT id, item_code, organization_uscc, title, documents::text, project_period::text FROM applications
                WHERE organization_uscc = $1 AND normalized_title = $2 AND id <> $3 AND status <> ALL($4)
                UNION ALL
                SELECT id, item_code, organization_uscc, title, documents::text, project_period::text FROM applications
                WHERE documents @? CAST($5 AS jsonpath) AND organization_uscc = $1 AND normalized_title <> $2 AND id <> $3 AND status <> ALL($4)
                """,
                [content.OrganizationUscc, title, self ?? Guid.Empty, NotCompeting, sharesADocument]);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (lockOrganization)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
            }

            await reader.NextResultAsync(cancellationToken);
            var candidates = new List<Candidate>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var attached = JsonSerializer.Deserialize<List<DocumentRef>>(reader.GetString(4), JsonColumns.Options) ?? [];
                var period = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<ProjectPeriod>(reader.GetString(5), JsonColumns.Options);
                candidates.Add(new Candidate(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    SameProject.Of(reader.GetString(2), reader.GetString(3), attached, period)));
            }

            return new StoredState(documents, candidates);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string OrganizationLockKey(string uscc) => "applications.org:" + uscc;

    private void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The organisation's lock is transaction-scoped: take it inside the write's transaction.");
        }
    }

    private static void RequireDocuments(IReadOnlyList<DocumentRef> documents, Dictionary<string, byte[]> stored)
    {
        foreach (var document in documents)
        {
            var bytes = stored.GetValueOrDefault(document.Sha256)
                ?? throw RpcErrors.FailedPrecondition(
                    "DOCUMENT_NOT_UPLOADED",
                    document.Sha256,
                    $"Document '{document.Name}' ({document.Sha256}) has not been uploaded: PUT /api/v1/documents/{document.Sha256} first.",
                    $"材料“{document.Name}”（{document.Sha256}）尚未上传，请先上传。");
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.Sha256, StringComparison.Ordinal))
            {
                throw RpcErrors.FailedPrecondition(
                    "DOCUMENT_DAMAGED",
                    document.Sha256,
                    $"The stored bytes of document '{document.Name}' no longer hash to {document.Sha256}; upload it again.",
                    $"材料“{document.Name}”的存储内容与其 SHA-256 不符，请重新上传。");
            }
        }
    }

    private static void RequireNoSameProject(ApplicationContent content, List<Candidate> candidates)
    {
        var mine = SameProject.Of(content.OrganizationUscc, content.Title, content.Documents, content.ProjectPeriod);
        var same = candidates.FirstOrDefault(a => a.Project.Matches(mine));
        if (same is not null)
        {
            var stacking = same.ItemCode != content.ItemCode;
            throw RpcErrors.FailedPrecondition(
                stacking ? "PROJECT_STACKING" : "SAME_PROJECT",
                same.Id.ToString(),
                stacking
                    ? $"The same project is already applied for under item {same.ItemCode} (application {same.Id}): one project, one item."
                    : $"The same project already has an active application under item {same.ItemCode} (application {same.Id}).",
                stacking
                    ? $"同一项目已在第 {same.ItemCode} 项下申报（申请 {same.Id}），同一项目只能申报一项。"
                    : $"同一项目已有有效申请（第 {same.ItemCode} 项，申请 {same.Id}）。");
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using System.Net;
using System.Net.Http.Headers;
using static Huangpu.EndToEnd.Tests.PlatformApi;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// Who may call what, as one table: every operation of the OpenAPI document with every role, against the roles this
/// table lets through. A role the table leaves out must hear 403 PERMISSION_DENIED from the authorisation layer (a
/// refusal for another reason, such as another organisation's data, counts as let through: the role may call the
/// operation). An operation missing from the table, or a row for one the document no longer has, fails the test.
/// Placeholders fill the path (a policy id; a service name for operations), so let-through calls change nothing.
/// </summary>
[Collection(PlatformTestGroup.Name)]
public sealed class RoleMatrixTests(PlatformFixture platform)
{
    private static readonly string[] Roles = ["applicant", "case_officer", "expert", "joint_reviewer", "finance", "compliance_officer", "auditor", "partner_bureau", "ops"];

    /// <summary>Any signed-in role (the roles people hold; the services' own accounts are not walked here).</summary>
    private static readonly string[] Everyone = Roles;

    /// <summary>Verb and path (parameters as <c>{}</c>) → the roles let through.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/organizations"] = ["applicant", "case_officer"],
        ["GET /api/v1/organizations/{}"] = ["applicant", "case_officer", "compliance_officer", "auditor"],
        ["PATCH /api/v1/organizations/{}"] = ["applicant", "case_officer"],
        ["GET /api/v1/organizations/{}/changes"] = ["applicant", "case_officer", "compliance_officer", "auditor"],
        ["GET /api/v1/organizations/{}/contact"] = ["applicant", "case_officer", "compliance_officer"],
        ["GET /api/v1/organizations/{}/eligibility"] = ["applicant", "case_officer", "joint_reviewer", "finance", "compliance_officer", "auditor"],
        ["GET /api/v1/organizations/{}/links"] = ["case_officer", "compliance_officer", "auditor"],
        ["POST /api/v1/organizations/{}/credit-records"] = ["case_officer", "partner_bureau"],
        ["POST /api/v1/feeds/registration-records:batch"] = ["partner_bureau"],
        ["POST /api/v1/feeds/credit-records:batch"] = ["partner_bureau"],
        ["GET /api/v1/policies"] = Everyone,
        ["GET /api/v1/policies/{}"] = Everyone,
        ["PUT /api/v1/documents/{}"] = ["applicant", "case_officer"],
        ["POST /api/v1/applications"] = ["applicant", "case_officer"],
        ["GET /api/v1/applications"] = ["applicant", "case_officer", "joint_reviewer", "compliance_officer", "auditor"],
        ["GET /api/v1/applications/{}"] = ["applicant", "case_officer", "joint_reviewer", "compliance_officer", "auditor"],
        ["POST /api/v1/applications/{}:submit"] = ["applicant", "case_officer"],
        ["POST /api/v1/applications/{}:withdraw"] = ["applicant", "case_officer"],
        ["POST /api/v1/applications/{}:confirm"] = ["applicant"],
        ["POST /api/v1/applications/{}:accept"] = ["case_officer"],
        ["POST /api/v1/applications/{}:not-accept"] = ["case_officer"],
        ["POST /api/v1/applications/{}:request-supplement"] = ["case_officer"],
        ["POST /api/v1/applications/{}:resubmit"] = ["applicant", "case_officer"],
        ["POST /api/v1/applications/{}:pass-preliminary"] = ["case_officer"],
        ["POST /api/v1/applications/{}:fail-preliminary"] = ["case_officer"],
        ["POST /api/v1/applications/{}:hold"] = ["case_officer"],
        ["POST /api/v1/applications/{}:release"] = ["case_officer"],
        ["POST /api/v1/joint-reviews/{}/votes"] = ["joint_reviewer"],
        ["POST /api/v1/joint-reviews/{}:decide"] = ["case_officer"],
        ["POST /api/v1/notices"] = ["case_officer"],
        ["GET /api/v1/notices/{}"] = ["case_officer", "compliance_officer", "auditor"],
        ["POST /api/v1/notices/{}/objections"] = ["case_officer"],
        ["POST /api/v1/objections/{}:uphold"] = ["case_officer"],
        ["POST /api/v1/objections/{}:dismiss"] = ["case_officer"],
        ["GET /api/v1/calendar/{}"] = Everyone,
        ["GET /api/v1/calendar:add-working-days"] = Everyone,
        ["GET /api/v1/disclosures/{}/notices"] = Everyone,
        ["GET /api/v1/disclosures/{}/awards"] = Everyone,
        ["GET /api/v1/disclosures/{}/statistics"] = Everyone,
        ["POST /api/v1/feeds/city-awards"] = ["partner_bureau"],
        ["POST /api/v1/experts"] = ["case_officer"],
        ["GET /api/v1/experts"] = ["case_officer", "compliance_officer", "auditor"],
        ["PATCH /api/v1/experts/{}"] = ["case_officer"],
        ["GET /api/v1/reviews/{}"] = ["case_officer", "expert", "compliance_officer", "auditor"],
        ["GET /api/v1/reviews"] = ["case_officer", "expert", "compliance_officer", "auditor"],
        ["POST /api/v1/reviews/{}/scores"] = ["expert"],
        ["POST /api/v1/reviews/{}:consensus"] = ["case_officer"],
        ["POST /api/v1/reviews/{}:draw"] = ["case_officer"],
        ["POST /api/v1/fair-competition-reviews"] = ["expert"],
        ["PUT /api/v1/budgets/{}"] = ["finance"],
        ["GET /api/v1/budgets/{}"] = ["finance", "compliance_officer", "auditor"],
        ["GET /api/v1/ledger/balances"] = ["finance", "compliance_officer", "auditor"],
        ["GET /api/v1/ledger/entries"] = ["finance", "compliance_officer", "auditor"],
        ["GET /api/v1/payments"] = ["applicant", "finance", "compliance_officer", "auditor"],
        ["POST /api/v1/payments/{}:release"] = ["finance"],
        ["POST /api/v1/payments/{}:cancel"] = ["finance"],
        ["POST /api/v1/payments/{}:revise"] = ["finance"],
        ["POST /api/v1/reconciliations"] = ["finance"],
        ["GET /api/v1/receivables"] = ["finance", "compliance_officer", "auditor"],
        ["POST /api/v1/receivables/{}/repayments"] = ["finance"],
        ["POST /api/v1/receivables/{}:offset"] = ["finance"],
        ["POST /api/v1/receivables/{}:write-off"] = ["finance"],
        ["POST /api/v1/receivables/{}:approve-write-off"] = ["finance"],
        ["POST /api/v1/commitments"] = [],
        ["GET /api/v1/audit"] = ["compliance_officer", "auditor"],
        ["GET /api/v1/alerts"] = ["compliance_officer", "auditor"],
        ["POST /api/v1/cases"] = ["compliance_officer"],
        ["GET /api/v1/cases/{}"] = ["compliance_officer", "auditor"],
        ["POST /api/v1/cases/{}:record-finding"] = ["compliance_officer"],
        ["POST /api/v1/cases/{}:order-clawback"] = ["compliance_officer"],
        ["POST /api/v1/cases/{}:approve-clawback"] = ["compliance_officer"],
        ["POST /api/v1/cases/{}:close"] = ["compliance_officer"],
        ["POST /api/v1/inspections"] = ["compliance_officer"],
        ["GET /api/v1/inspections"] = ["compliance_officer", "auditor"],
        ["POST /api/v1/inspections/{}:complete-follow-up"] = ["compliance_officer"],
        ["GET /api/v1/audit:verify"] = ["compliance_officer", "auditor"],
        ["GET /api/v1/decision-packets/{}"] = ["compliance_officer", "auditor"],
        ["GET /ops/v1/{}/outbox"] = ["ops"],
        ["POST /ops/v1/{}/outbox:replay"] = ["ops"],
    };

    /// <summary>gRPC methods without a REST route: service/method → the roles let through (today every public method has one).</summary>
    private static readonly Dictionary<string, string[]> AllowedGrpcOnly = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public async Task Every_operation_lets_through_exactly_the_roles_of_the_table()
    {
        using var document = await platform.Rest.GetAsync("/openapi/v1.json");
        var operations = (await document.JsonAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(v => (Verb: v.Name.ToUpperInvariant(), Path: p.Name)))
            .ToList();
        var keys = operations.Select(o => Key(o.Verb, o.Path)).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(keys.Except(Allowed.Keys).Select(k => $"missing from the table: {k}"));
        Assert.Empty(Allowed.Keys.Except(keys).Select(k => $"no longer in the document: {k}"));

        var tokens = await TokensAsync();
        var wrong = new List<string>();
        foreach (var (verb, path) in operations)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", path.StartsWith("/ops/", StringComparison.Ordinal) ? "registry" : "HRS-2024-2");
            var expected = Allowed[Key(verb, path)];
            foreach (var role in Roles)
            {
                using var response = await SendAsync(verb, url, tokens[role]);
                var denied = response.StatusCode == HttpStatusCode.Forbidden
                    && (await response.Content.ReadAsStringAsync()).Contains("\"PERMISSION_DENIED\"", StringComparison.Ordinal);
                if (denied == expected.Contains(role))
                {
                    wrong.Add($"{verb} {path} as {role}: {(denied ? "denied, the table lets it through" : $"{(int)response.StatusCode}, the table denies it")}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>
    /// The same table over gRPC at the gateway's gRPC port: each method of every public service, with an empty
    /// request, as every role. A method with a REST route answers to that route's row; the others to their own.
    /// </summary>
    [Fact]
    public async Task Every_grpc_method_lets_through_exactly_the_roles_of_the_table()
    {
        var methods = Huangpu.Grpc.PublicServices.All
            .SelectMany(s => s.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
            .Select(m => (Method: m, Key: Huangpu.Grpc.RestRoutes.Of(m) is { } rest ? Key(rest.Verb.ToUpperInvariant(), rest.Template) : $"{m.Service.FullName}/{m.Name}"))
            .ToList();
        Assert.Empty(methods.Where(m => !Allowed.ContainsKey(m.Key) && !AllowedGrpcOnly.ContainsKey(m.Key)).Select(m => $"missing from the table: {m.Key}"));
        Assert.Empty(AllowedGrpcOnly.Keys.Except(methods.Select(m => m.Key)).Select(k => $"no longer a method: {k}"));

        var tokens = await TokensAsync();
        var bytes = global::Grpc.Core.Marshallers.Create<byte[]>(b => b, b => b);
        var invoker = platform.Grpc.CreateCallInvoker();
        var wrong = new List<string>();
        foreach (var (method, key) in methods)
        {
            var call = new global::Grpc.Core.Method<byte[], byte[]>(global::Grpc.Core.MethodType.Unary, method.Service.FullName, method.Name, bytes, bytes);
            var expected = Allowed.TryGetValue(key, out var byRoute) ? byRoute : AllowedGrpcOnly[key];
            foreach (var role in Roles)
            {
                var denied = await IsDeniedAsync(invoker, call, tokens[role]);

                if (denied == expected.Contains(role))
                {
                    wrong.Add($"{method.Service.FullName}/{method.Name} as {role}: {(denied ? "denied, the table lets it through" : "let through, the table denies it")}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>
    /// Calls made for one cell of the table: an answer of a busy or slow backend (503/504, UNAVAILABLE,
    /// DEADLINE_EXCEEDED) says nothing about authorisation either way, so the call is made again, up to this many
    /// times in all; the last answer is judged whatever it is.
    /// </summary>
    private const int AttemptsPerCall = 3;

    /// <summary>The operation called with an empty body as the token's holder.</summary>
    private async Task<HttpResponseMessage> SendAsync(string verb, string url, string token)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(verb), url);
            if (verb is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await platform.Rest.SendAsync(request);
            if (attempt == AttemptsPerCall || response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
            {
                return response;
            }

            response.Dispose();
        }
    }

    /// <summary>Whether the authorisation layer refused the method, called with an empty request as the token's holder.</summary>
    private static async Task<bool> IsDeniedAsync(global::Grpc.Core.CallInvoker invoker, global::Grpc.Core.Method<byte[], byte[]> call, string token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await invoker.AsyncUnaryCall(call, null, new global::Grpc.Core.CallOptions(PlatformFixture.Bearer(token), DateTime.UtcNow.AddSeconds(10)), []);
                return false;
            }
            catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.PermissionDenied)
            {
                // The authorisation layer's refusal carries no reason of a handler's (another's field, another bureau).
                var reason = global::Grpc.Core.RpcExceptionExtensions.GetRpcStatus(ex)?.Details
                    .Where(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Select(d => d.Unpack<Google.Rpc.ErrorInfo>().Reason).FirstOrDefault();
                return reason is null or "PERMISSION_DENIED";
            }
            catch (global::Grpc.Core.RpcException ex) when (attempt < AttemptsPerCall && ex.StatusCode is global::Grpc.Core.StatusCode.Unavailable or global::Grpc.Core.StatusCode.DeadlineExceeded)
            {
                // Busy or slow: asked again.
            }
            catch (global::Grpc.Core.RpcException)
            {
                // Any other answer: the role got past authorisation.
                return false;
            }
        }
    }

    private async Task<Dictionary<string, string>> TokensAsync()
    {
        var tokens = new Dictionary<string, string>();
        foreach (var role in Roles)
        {
            tokens[role] = role switch
            {
                "applicant" => await platform.TokenAsync(role, organizationUscc: "91310101MA1FL3X21R", subject: "matrix-applicant"),
                "partner_bureau" => await platform.TokenAsync(role, bureau: "credit", subject: "matrix-credit"),
                "expert" => await platform.TokenAsync(role, subject: Guid.NewGuid().ToString()),
                _ => await platform.TokenAsync(role, subject: $"matrix-{role}"),
            };
        }

        return tokens;
    }

    private static string Key(string verb, string path) => $"{verb} {System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "{}")}";
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Huangpu.Contracts;
using RabbitMQ.Client;

/// <summary>
/// The operations team's commands on the dashboard's resources, each asking for confirmation and answering with
/// what it did. They act through the gateway's REST API with development tokens (so they exist in Development
/// only), or on the broker itself for the error queues.
/// </summary>
internal static class DashboardCommands
{
    public const string SeedDevelopmentData = "seed-development-data";
    public const string VerifyAuditChain = "verify-audit-chain";
    public const string ReconcileNow = "reconcile-now";
    public const string ReplayErrorQueues = "replay-error-queues";
    public const string PolicyDaysLeft = "policy-days-left";

    /// <summary>The policy whose days left are shown.</summary>
    private const string PolicyId = "HRS-2024-2";

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static void Add(
        Uri gateway,
        IResourceBuilder<ExecutableResource> gatewayResource,
        IResourceBuilder<ExecutableResource> compliance,
        IResourceBuilder<ExecutableResource> payments,
        IResourceBuilder<ExecutableResource> applications,
        IResourceBuilder<IResourceWithConnectionString> broker)
    {
        gatewayResource.WithCommand(SeedDevelopmentData, "Seed development data",
            context => RunAsync(gateway, SeedAsync, context),
            new CommandOptions { ConfirmationMessage = "Register three fictional organisations and appropriate this year's budget?", IconName = "DatabaseArrowUp" });
        compliance.WithCommand(VerifyAuditChain, "Verify the audit chain",
            context => RunAsync(gateway, VerifyAsync, context),
            new CommandOptions { ConfirmationMessage = "Recompute every hash of the audit trail?", IconName = "ShieldCheckmark" });
        payments.WithCommand(ReconcileNow, "Reconcile now",
            context => RunAsync(gateway, ReconcileAsync, context),
            new CommandOptions { ConfirmationMessage = "Reconcile yesterday's ledger against the treasury's statement now?", IconName = "ArrowSync" });
        applications.WithCommand(PolicyDaysLeft, "Policy days left",
            context => RunAsync(gateway, DaysLeftAsync, context),
            new CommandOptions { ConfirmationMessage = $"Show how many days {PolicyId} has left?", IconName = "CalendarClock" });
        broker.WithCommand(ReplayErrorQueues, "Replay error queues",
            context => ReplayAsync(broker.Resource, context),
            new CommandOptions { ConfirmationMessage = "Move every message of the consumers' error queues back to its queue? (Each consumer's inbox ignores what it has already handled.)", IconName = "ArrowRepeatAll" });
    }

    private static async Task<ExecuteCommandResult> RunAsync(Uri gateway, Func<HttpClient, CancellationToken, Task<string>> action, ExecuteCommandContext context)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            return CommandResults.Success(await action(http, context.CancellationToken));
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException)
        {
            return CommandResults.Failure(exception.Message);
        }
    }

    private static async Task<string> SeedAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var officer = await TokenAsync(http, "case_officer", "dashboard-seed", cancellationToken);
        var finance = await TokenAsync(http, "finance", "dashboard-seed", cancellationToken);
        var year = ShanghaiToday().Year;
        await SendAsync(http, HttpMethod.Put, $"/api/v1/budgets/{year}", finance, new { appropriationFen = "10000000000" }, cancellationToken);
        var registered = new List<string>();
        // Fixed, valid codes (GB 32100 check digit), so seeding twice finds them.
        foreach (var (name, uscc, serial) in new[] { ("上海外滩示范人力资源有限公司", "91310101000000001J", 1), ("上海豫园示范人才服务有限公司", "91310101000000002M", 2), ("上海南京路示范人力资源有限公司", "91310101000000003Q", 3) })
        {
            using var response = await SendAsync(http, HttpMethod.Post, "/api/v1/organizations", officer, new
            {
                uscc,
                name,
                legalForm = "LEGAL_FORM_LEGAL_ENTITY",
                registeredAddress = $"上海市黄浦区示范路{serial}号",
                registeredDistrictCode = "310101",
                registrationStatus = "REGISTRATION_STATUS_IN_BUSINESS",
                hrLicence = new { number = $"沪人社许字第0000{serial}号", validFrom = "2020-01-01", validTo = "2030-12-31" },
                industryDirectionConfirmed = true,
            }, cancellationToken, allowConflict: true);
            registered.Add(response.StatusCode == System.Net.HttpStatusCode.Conflict ? $"{uscc} (already there)" : uscc);
        }

        return $"Budget {year}: 100,000,000 元 appropriated; organisations {string.Join(", ", registered)}.";
    }

    private static async Task<string> VerifyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var auditor = await TokenAsync(http, "auditor", "dashboard-verify", cancellationToken);
        using var response = await SendAsync(http, HttpMethod.Get, "/api/v1/audit:verify", auditor, null, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return result.GetProperty("intact").GetBoolean()
            ? $"Intact: {result.GetProperty("entries").GetString()} entries, every hash recomputed."
            : throw new InvalidOperationException($"BROKEN: {result}");
    }

    private static async Task<string> ReconcileAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var finance = await TokenAsync(http, "finance", "dashboard-reconcile", cancellationToken);
        // The last day that is over: a day is reconciled once the treasury's statement for it is complete.
        var date = ShanghaiToday().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var response = await SendAsync(http, HttpMethod.Post, "/api/v1/reconciliations", finance, new { date }, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var differences = result.TryGetProperty("differences", out var found) ? found.GetArrayLength() : 0;
        return $"Reconciled {date}: {differences} difference(s).";
    }

    private static async Task<string> DaysLeftAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var officer = await TokenAsync(http, "case_officer", "dashboard-days-left", cancellationToken);
        using var response = await SendAsync(http, HttpMethod.Get, $"/api/v1/policies/{PolicyId}", officer, null, cancellationToken);
        var policy = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var validTo = DateOnly.ParseExact(policy.GetProperty("validTo").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var left = validTo.DayNumber - ShanghaiToday().DayNumber;
        return left >= 0 ? $"{PolicyId} is in force until {validTo:yyyy-MM-dd}: {left} day(s) left." : $"{PolicyId} ended on {validTo:yyyy-MM-dd}.";
    }

    /// <summary>Moves each message of every consumer's error queue back to the consumer's queue, one by one.</summary>
    private static async Task<ExecuteCommandResult> ReplayAsync(IResourceWithConnectionString broker, ExecuteCommandContext context)
    {
        var connectionString = await broker.GetConnectionStringAsync(context.CancellationToken);
        var factory = new ConnectionFactory { Uri = new Uri(connectionString!), ClientProvidedName = "dashboard-replay" };
        await using var connection = await factory.CreateConnectionAsync(context.CancellationToken);
        var moved = new List<string>();
        foreach (var queue in EventSubscriptions.All.Select(s => s.Queue))
        {
            // A consumer's error queue exists once something has failed there; a missing one closes its channel.
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), context.CancellationToken);
            try
            {
                await channel.QueueDeclarePassiveAsync($"{queue}_error", context.CancellationToken);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                continue;
            }

            var count = 0;
            while (await channel.BasicGetAsync($"{queue}_error", autoAck: false, context.CancellationToken) is { } message)
            {
                await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, context.CancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, context.CancellationToken);
                count++;
            }

            if (count > 0)
            {
                moved.Add($"{queue}: {count}");
            }
        }

        return CommandResults.Success(moved.Count == 0 ? "The error queues are empty." : $"Moved back: {string.Join(", ", moved)}.");
    }

    private static DateOnly ShanghaiToday() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai).DateTime);

    private static Task<string> TokenAsync(HttpClient http, string role, string subject, CancellationToken cancellationToken) =>
        Huangpu.Contracts.DevelopmentTokens.RequestAsync(http, new(role, Subject: subject), cancellationToken);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body, CancellationToken cancellationToken, bool allowConflict = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || (allowConflict && response.StatusCode == System.Net.HttpStatusCode.Conflict))
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Dispose();
        throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }
}

using System.Net;
using System.Text.Json;
using Huangpu.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.BuildingBlocks.Tests;

/// <summary>Admission control on a real ASP.NET Core pipeline (in-memory server): two served, one queued, the rest refused at once.</summary>
public sealed class AdmissionControlTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Admission:ConcurrentRequests"] = "2";
        builder.Configuration["Admission:QueuedRequests"] = "1";
        builder.Configuration["Admission:RetryAfter"] = "00:00:02";
        builder.Services.AddAdmissionControl(builder.Configuration, "applications", concurrentRequests: 100, queuedRequests: 100);
        _app = builder.Build();
        _app.UseAdmissionControl();
        _app.MapGet("/work", async () =>
        {
            Interlocked.Increment(ref _started);
            await _release.Task;
            return "done";
        });
        _app.MapGet("/health/ready", () => "Healthy");
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.Timeout = TimeSpan.FromSeconds(20); // a request left waiting fails the test quickly
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Beyond_the_served_and_queued_a_request_is_refused_at_once_with_503_retry_after_and_a_status_naming_the_process()
    {
        var busy = Enumerable.Range(0, 3).Select(_ => _client.GetAsync("/work")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref _started) == 2 && Queued() == 1);

        using var refused = await _client.GetAsync("/work");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        using var status = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(14, status.RootElement.GetProperty("code").GetInt32());
        var details = status.RootElement.GetProperty("details").EnumerateArray().ToList();
        var info = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("OVERLOADED", info.GetProperty("reason").GetString());
        Assert.Equal("applications", info.GetProperty("metadata").GetProperty("refusedBy").GetString());
        Assert.Contains(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo" && d.GetProperty("retryDelay").GetString() == "2s");

        // The probes are never refused, however busy the process.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);

        // The served and the queued all complete once work frees up.
        _release.SetResult();
        Assert.All(await Task.WhenAll(busy), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task Refusals_are_in_the_callers_language_with_both_languages_in_the_details()
    {
        var busy = Enumerable.Range(0, 3).Select(_ => _client.GetAsync("/work")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref _started) == 2 && Queued() == 1);

        async Task<JsonElement> RefusalAsync(string? acceptLanguage)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
            if (acceptLanguage is not null)
            {
                request.Headers.Add("Accept-Language", acceptLanguage);
            }

            using var refused = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            return json.RootElement.Clone();
        }

        var chinese = await RefusalAsync(null);
        var english = await RefusalAsync("en-GB,en;q=0.9");
        var chineseAgain = await RefusalAsync("zh-CN,en;q=0.5");
        Assert.Equal("系统繁忙，请 2 秒后重试。", chinese.GetProperty("message").GetString());
        Assert.Equal("The platform is at capacity; try again in 2 s.", english.GetProperty("message").GetString());
        Assert.Equal(chinese.GetRawText(), chineseAgain.GetRawText());
        foreach (var refusal in new[] { chinese, english })
        {
            var locales = refusal.GetProperty("details").EnumerateArray()
                .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.LocalizedMessage")
                .Select(d => d.GetProperty("locale").GetString())
                .Order(StringComparer.Ordinal);
            Assert.Equal(["en-US", "zh-CN"], locales);
        }

        _release.SetResult();
        await Task.WhenAll(busy);
    }

    [Fact]
    public async Task A_grpc_call_is_refused_as_unavailable_in_its_own_protocol()
    {
        var busy = Enumerable.Range(0, 3).Select(_ => _client.GetAsync("/work")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref _started) == 2 && Queued() == 1);

        using var call = new HttpRequestMessage(HttpMethod.Post, "/huangpu.registry.v1.RegistryService/CheckEligibility") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        call.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var refused = await _client.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("14", Assert.Single(refused.Headers.GetValues("grpc-status")));
        var details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Assert.Single(refused.Headers.GetValues("grpc-status-details-bin"))));
        Assert.Contains(details.Details, d => d.Is(Google.Rpc.RetryInfo.Descriptor));
        var info = Assert.Single(details.Details, d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal("OVERLOADED", info.Reason);
        Assert.Equal("applications", info.Metadata["refusedBy"]);

        _release.SetResult();
        await Task.WhenAll(busy);
    }

    [Fact]
    public async Task A_queued_request_whose_caller_gives_up_leaves_its_place_to_the_next()
    {
        var busy = Enumerable.Range(0, 2).Select(_ => _client.GetAsync("/work")).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref _started) == 2);
        using (var impatient = new CancellationTokenSource())
        {
            var queued = _client.GetAsync("/work", impatient.Token);
            await WaitUntilAsync(() => Queued() == 1);
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
            await WaitUntilAsync(() => Queued() == 0);
        }

        // Its place in the queue is free again: the next request waits instead of being refused.
        var next = _client.GetAsync("/work");
        await Task.Delay(200);
        Assert.False(next.IsCompleted);
        _release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await next).StatusCode);
        await Task.WhenAll(busy);
    }

    [Fact]
    public void Settings_that_admit_nothing_stop_the_process_at_start()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration["Admission:ConcurrentRequests"] = "0";
        Assert.Throws<InvalidOperationException>(() => { new ServiceCollection().AddAdmissionControl(configuration, "applications", 10, 10); });
    }

    /// <summary>How many requests wait for a place, as the limiter itself counts them.</summary>
    private long Queued()
    {
        var limiter = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>().Value.GlobalLimiter!;
        return limiter.GetStatistics(new DefaultHttpContext { Request = { Path = "/work" } })?.CurrentQueuedCount ?? 0;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not reached in time");
            await Task.Delay(10);
        }
    }
}

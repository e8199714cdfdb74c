using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Huangpu.Grpc.Applications.V1;
using Huangpu.Grpc.Registry.V1;
using Microsoft.Extensions.Time.Testing;

namespace Huangpu.PartnerClient.Tests;

public sealed class PartnerCallTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static readonly AddCreditRecordRequest Listing = new() { Uscc = "91310101880000001X", SourceRecordId = "CREDIT-1", Kind = CreditRecordKind.SeriousDishonesty, ListedOn = "2026-03-01" };

    [Fact]
    public async Task A_call_refused_as_unavailable_is_retried_under_the_same_idempotency_key_token_and_deadline()
    {
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.Unavailable), _ => Refusal(global::Grpc.Core.StatusCode.Unavailable), request => new CreditRecord { Uscc = ((AddCreditRecordRequest)request).Uscc });
        var time = new FakeTimeProvider(Start);
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { FirstRetryDelay = TimeSpan.Zero, Deadline = TimeSpan.FromSeconds(20) }, new StaticAccessToken("t0ken"), time);

        var record = await client.Credit.AddCreditRecordAsync(Listing, idempotencyKey: "credit-1");

        Assert.Equal(Listing.Uscc, record.Uscc);
        Assert.Equal(3, invoker.Attempts.Count);
        Assert.All(invoker.Attempts, a => Assert.Equal("/huangpu.registry.v1.RegistryService/AddCreditRecord", a.Method));
        Assert.All(invoker.Attempts, a => Assert.Equal("credit-1", a.Options.Headers!.GetValue("idempotency-key")));
        Assert.All(invoker.Attempts, a => Assert.Equal("Bearer t0ken", a.Options.Headers!.GetValue("authorization")));
        Assert.All(invoker.Attempts, a => Assert.Equal(Start.UtcDateTime.AddSeconds(20), a.Options.Deadline));
    }

    [Fact]
    public async Task Without_a_key_of_the_callers_one_key_is_made_per_call_and_kept_across_its_retries()
    {
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.Unavailable), _ => new CreditRecord());
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { FirstRetryDelay = TimeSpan.Zero }, new StaticAccessToken("t"));

        await client.Credit.AddCreditRecordAsync(Listing);
        await client.Credit.AddCreditRecordAsync(Listing);

        var keys = invoker.Attempts.Select(a => a.Options.Headers!.GetValue("idempotency-key")).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
    }

    [Fact]
    public async Task A_rate_limited_call_waits_the_delay_the_platform_names_before_it_tries_again()
    {
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.ResourceExhausted, retryAfter: TimeSpan.FromSeconds(5)), _ => new CreditRecord());
        var time = new FakeTimeProvider(Start);
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions(), new StaticAccessToken("t"), time);

        var call = client.Credit.AddCreditRecordAsync(Listing);
        await WaitForAsync(() => invoker.Attempts.Count == 1);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.Single(invoker.Attempts);

        time.Advance(TimeSpan.FromSeconds(0.2));
        await call;
        Assert.Equal(2, invoker.Attempts.Count);
    }

    [Fact]
    public async Task A_named_wait_that_would_end_past_the_deadline_is_not_taken()
    {
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.ResourceExhausted, retryAfter: TimeSpan.FromSeconds(60)));
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { Deadline = TimeSpan.FromSeconds(30) }, new StaticAccessToken("t"), new FakeTimeProvider(Start));

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.Credit.AddCreditRecordAsync(Listing));

        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Single(invoker.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(60), PartnerProblem.From(refused).RetryAfter);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.Unavailable));
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { FirstRetryDelay = TimeSpan.Zero, MaxRetries = 2 }, new StaticAccessToken("t"));

        await Assert.ThrowsAsync<RpcException>(() => client.Credit.AddCreditRecordAsync(Listing));

        Assert.Equal(3, invoker.Attempts.Count);
    }

    [Fact]
    public async Task A_refused_field_fails_at_once_and_reads_as_the_platform_wrote_it()
    {
        var badRequest = new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "records[0].uscc", Description = "Not a valid USCC / 统一社会信用代码无效" } } };
        var invoker = new ScriptedInvoker(_ => Refusal(global::Grpc.Core.StatusCode.InvalidArgument, reason: "INVALID_ARGUMENT", detail: badRequest));
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { FirstRetryDelay = TimeSpan.Zero }, new StaticAccessToken("t"));

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.Credit.AddCreditRecordAsync(Listing));

        Assert.Single(invoker.Attempts);
        var problem = PartnerProblem.From(refused);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, problem.Code);
        Assert.Equal("INVALID_ARGUMENT", problem.Reason);
        Assert.Equal("refused in English", problem.Message);
        Assert.Equal("中文的拒绝", problem.MessageZh);
        Assert.Equal("records[0].uscc", Assert.Single(problem.Fields).Field);
    }

    [Fact]
    public async Task A_long_feed_goes_in_calls_of_the_batch_size_each_under_its_own_key_and_answers_in_the_order_given()
    {
        var invoker = new ScriptedInvoker(request =>
        {
            var records = ((SubmitRegistrationRecordsRequest)request).Records;
            var response = new FeedResponse { Applied = records.Count };
            response.Results.AddRange(records.Select((r, i) => new FeedItemResult { Index = i, SourceRecordId = r.SourceRecordId, Outcome = FeedOutcome.Applied }));
            return response;
        });
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { BatchSize = 2 }, new StaticAccessToken("t"));
        var records = Enumerable.Range(0, 5).Select(i => new RegistrationRecord { SourceRecordId = $"SAMR-{i}" }).ToList();

        var answer = await client.MarketSupervision.SubmitRegistrationRecordsAsync(records, batchKey: "samr-2026-12-03");

        Assert.Equal([2, 2, 1], invoker.Attempts.Select(a => ((SubmitRegistrationRecordsRequest)a.Request).Records.Count));
        Assert.Equal(["samr-2026-12-03/0", "samr-2026-12-03/1", "samr-2026-12-03/2"], invoker.Attempts.Select(a => a.Options.Headers!.GetValue("idempotency-key")));
        Assert.Equal([0, 1, 2, 3, 4], answer.Results.Select(r => r.Index));
        Assert.Equal(records.Select(r => r.SourceRecordId), answer.Results.Select(r => r.SourceRecordId));
        Assert.Equal(5, answer.Applied);
    }

    [Fact]
    public async Task City_awards_in_several_calls_keep_each_awards_place_in_the_batch()
    {
        var invoker = new ScriptedInvoker(request =>
        {
            var response = new SubmitCityAwardsResponse();
            response.Results.AddRange(((SubmitCityAwardsRequest)request).Awards.Select((a, i) => new CityAwardResult { Index = i, SourceRecordId = a.SourceRecordId }));
            return response;
        });
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions { BatchSize = 3 }, new StaticAccessToken("t"));

        var answer = await client.CityHr.SubmitCityAwardsAsync([.. Enumerable.Range(0, 4).Select(i => new CityAward { SourceRecordId = $"BOLE-{i}" })]);

        Assert.Equal(2, invoker.Attempts.Count);
        Assert.Equal([(0, "BOLE-0"), (1, "BOLE-1"), (2, "BOLE-2"), (3, "BOLE-3")], answer.Results.Select(r => (r.Index, r.SourceRecordId)));
    }

    [Fact]
    public async Task An_empty_feed_or_a_key_too_long_is_refused_before_any_call()
    {
        var invoker = new ScriptedInvoker(_ => new FeedResponse());
        using var client = new HuangpuPartnerClient(invoker, new PartnerClientOptions(), new StaticAccessToken("t"));

        await Assert.ThrowsAsync<ArgumentException>(() => client.Credit.SubmitCreditRecordsAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Credit.SubmitCreditRecordsAsync([Listing], batchKey: new string('k', 101)));
        Assert.Empty(invoker.Attempts);
    }

    [Theory]
    [InlineData("ftp://gateway", 30, 4, 500)]
    [InlineData("http://gateway:8081", 0, 4, 500)]
    [InlineData("http://gateway:8081", 30, -1, 500)]
    [InlineData("http://gateway:8081", 30, 4, 0)]
    public void Options_that_cannot_work_are_refused_when_the_client_is_made(string address, int deadlineSeconds, int retries, int batchSize)
    {
        var options = new PartnerClientOptions { GatewayAddress = new Uri(address), Deadline = TimeSpan.FromSeconds(deadlineSeconds), MaxRetries = retries, BatchSize = batchSize };
        Assert.Throws<ArgumentException>(() => new HuangpuPartnerClient(new ScriptedInvoker(), options, new StaticAccessToken("t")));
    }

    private static RpcException Refusal(global::Grpc.Core.StatusCode code, TimeSpan? retryAfter = null, string reason = "OVERLOADED", Google.Protobuf.IMessage? detail = null)
    {
        // As the platform answers a caller that asked for no language: the message in Chinese, both in the details.
        var status = new Google.Rpc.Status { Code = (int)code, Message = "中文的拒绝" };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = "huangpu.gov.cn" }));
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = "zh-CN", Message = "中文的拒绝" }));
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = "en-US", Message = "refused in English" }));
        if (retryAfter is { } wait)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(wait) }));
        }

        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

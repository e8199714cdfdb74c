using Google.Rpc;
using Grpc.Core;
using Polly;
using Polly.Retry;

namespace Huangpu.PartnerClient;

/// <summary>
/// How every call of the client is made: one deadline for the whole call, the bearer token, one idempotency key
/// for every attempt, and Polly's retry of the refusals that say "later" — UNAVAILABLE (a service at capacity or
/// restarting) and RESOURCE_EXHAUSTED (the bureau's rate limit) — after the delay the platform names in its
/// RetryInfo, or an exponential backoff with jitter when it names none. A retry that could not finish before the
/// deadline is not made. Anything else (a refused field, a missing permission) fails at once: retrying cannot
/// change it.
/// </summary>
internal sealed class PartnerCalls
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("huangpu.deadline");

    private readonly IAccessTokenSource _tokens;
    private readonly PartnerClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;

    public PartnerCalls(IAccessTokenSource tokens, PartnerClientOptions options, TimeProvider time)
    {
        options.Validate();
        _tokens = tokens;
        _options = options;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                Name = "huangpu-partner-retry",
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                Delay = options.FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryDelayOf(args.Outcome.Exception)),
            })
            .Build();
    }

    public PartnerClientOptions Options => _options;

    /// <summary>One unary call under <paramref name="idempotencyKey"/> (null for reads), retried as above.</summary>
    public async Task<TResponse> UnaryAsync<TResponse>(Func<CallOptions, AsyncUnaryCall<TResponse>> call, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.Deadline;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeadlineKey, deadline);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        var (calls, call, key, deadline) = state;
                        var headers = new Metadata
                        {
                            { "authorization", $"Bearer {await calls._tokens.GetAccessTokenAsync(context.CancellationToken).ConfigureAwait(false)}" },
                        };
                        if (key is not null)
                        {
                            headers.Add("idempotency-key", key);
                        }

                        return Outcome.FromResult(await call(new CallOptions(headers, deadline.UtcDateTime, context.CancellationToken)).ResponseAsync.ConfigureAwait(false));
                    }
                    catch (RpcException e)
                    {
                        return Outcome.FromException<TResponse>(e);
                    }
                },
                context,
                (this, call, idempotencyKey, deadline)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception? exception, int attemptNumber, ResilienceContext context)
    {
        if (exception is not RpcException { StatusCode: StatusCode.Unavailable or StatusCode.ResourceExhausted } refused || attemptNumber >= _options.MaxRetries)
        {
            return false;
        }

        // A named wait that ends past the deadline cannot lead to an answer in time.
        var wait = RetryDelayOf(refused) ?? TimeSpan.Zero;
        return !context.Properties.TryGetValue(DeadlineKey, out var deadline) || _time.GetUtcNow() + wait < deadline;
    }

    /// <summary>The wait the platform asks for in the status's RetryInfo, if it names one.</summary>
    internal static TimeSpan? RetryDelayOf(Exception? exception) =>
        exception is RpcException e && e.GetRpcStatus()?.GetDetail<RetryInfo>() is { RetryDelay: { } delay } ? delay.ToTimeSpan() : null;
}

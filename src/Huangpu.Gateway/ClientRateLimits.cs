using System.Threading.RateLimiting;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Huangpu.Gateway;

/// <summary>
/// Rate limits per client and per route (configuration section <c>RateLimits</c>): each client may make
/// <see cref="PermitsPerWindow"/> calls of each route in a fixed <see cref="Window"/>, unless a route or a client
/// has its own figure. The counts live in Redis, so every gateway replica draws on the same allowance.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Off: nothing is counted (a gateway without Redis, e.g. in a unit test).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Calls of one route by one client in one window.</summary>
    public int PermitsPerWindow { get; set; } = 6000;

    /// <summary>
    /// Per route, named by its gRPC method (<c>huangpu.applications.v1.ApplicationsService/SubmitApplication</c>),
    /// which its REST form shares: calls per client and window.
    /// </summary>
    public Dictionary<string, int> Routes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per client (the token's subject): calls of each route per window, e.g. a bureau's batch feed.</summary>
    public Dictionary<string, int> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The allowance of one client on one route: the client's own figure, else the route's, else the default.</summary>
    public int PermitsFor(string client, string route) =>
        Clients.TryGetValue(client, out var byClient) ? byClient
        : Routes.TryGetValue(route, out var byRoute) ? byRoute
        : PermitsPerWindow;
}

/// <summary>
/// Counts each call against its client's allowance for the route (RedisRateLimiting's fixed-window limiter in
/// Redis, its permits taken a block at a time: <see cref="PermitBlocks{TKey}"/>) and refuses a call past it with 429 / RESOURCE_EXHAUSTED, <c>Retry-After</c> and a
/// google.rpc.Status naming the quota. The route is the gRPC method, so a call counts the same over REST and gRPC;
/// the client is the token's subject, or the address of a caller of an open route. Runs in the proxy's pipeline:
/// after authorisation and the gateway's request checks, just before the call is forwarded. If Redis cannot be
/// reached the call is let through and counted as unlimited (<c>huangpu.gateway.rate_limit.unchecked</c>): the
/// front door stays open when its counter is down.
/// </summary>
internal sealed partial class ClientRateLimits : IDisposable
{
    private static readonly System.Diagnostics.Metrics.Meter Meter = new("Huangpu.Gateway.RateLimits");
    private static readonly System.Diagnostics.Metrics.Counter<long> Refused = Meter.CreateCounter<long>("huangpu.gateway.rate_limit.refused", description: "Calls refused by a client's rate limit");
    private static readonly System.Diagnostics.Metrics.Counter<long> Unchecked = Meter.CreateCounter<long>("huangpu.gateway.rate_limit.unchecked", description: "Calls let through because the rate-limit store could not be reached");

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<(string Client, string Route)> _limiter;
    private readonly PermitBlocks<(string Client, string Route)> _permits;
    private readonly ILogger<ClientRateLimits> _logger;

    public ClientRateLimits(RateLimitOptions options, IConnectionMultiplexer redis, TimeProvider clock, ILogger<ClientRateLimits> logger)
    {
        _options = options;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<(string Client, string Route), string>(call =>
            RedisRateLimitPartition.GetFixedWindowRateLimiter($"hp:{call.Route}:{call.Client}", _ => new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis,
                PermitLimit = options.PermitsFor(call.Client, call.Route),
                Window = options.Window,
            }));
        _permits = new PermitBlocks<(string Client, string Route)>(_limiter, options.Window, clock);
    }

    /// <summary>The caller as the limits know it: the token's subject, or the address of a caller without one.</summary>
    public static string ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.User.SubjectOrAnonymous()
            : $"ip:{context.Connection.RemoteIpAddress}";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = RouteOf(context);
        if (route is null)
        {
            await next(context);
            return;
        }

        var client = ClientOf(context);
        var permits = _options.PermitsFor(client, route);
        (bool Allowed, TimeSpan? RetryAfter) taken;
        try
        {
            taken = await _permits.TakeAsync((client, route), permits, context.RequestAborted);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Unchecked.Add(1);
            LogStoreUnreachable(_logger, exception.GetType().Name);
            await next(context);
            return;
        }

        if (!taken.Allowed)
        {
            var retryAfter = taken.RetryAfter ?? _options.Window;
            Refused.Add(1, new KeyValuePair<string, object?>("route", route));
            await StatusResponses.WriteAsync(context, RpcErrors.RateLimited(client, route, permits, retryAfter), retryAfter);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// The route a proxied call takes: its gRPC method (the path of a gRPC call; the method a REST call was matched
    /// to), else the gateway route it came in by.
    /// </summary>
    private static string? RouteOf(HttpContext context)
    {
        if (context.Features.Get<Huangpu.Grpc.RestRoute>() is { } rest)
        {
            return rest.MethodPath;
        }

        if (StatusResponses.IsGrpc(context.Request) && context.Request.Path.Value is { Length: > 1 } path)
        {
            return path[1..];
        }

        return context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config.RouteId;
    }

    public void Dispose() => _limiter.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits unchecked: the rate-limit store could not be reached ({Error}); the call was let through")]
    private static partial void LogStoreUnreachable(ILogger logger, string error);
}

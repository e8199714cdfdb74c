using System.Threading.RateLimiting;
using Huangpu.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>How much work a process takes on at once (configuration section <c>Admission</c>).</summary>
public sealed class AdmissionOptions
{
    /// <summary>Requests served at once.</summary>
    public int ConcurrentRequests { get; set; }

    /// <summary>Requests that may wait for a place, oldest first; beyond them a request is refused at once.</summary>
    public int QueuedRequests { get; set; }

    /// <summary>What a refusal tells the caller to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Admission control (ASP.NET Core's concurrency limiter): at most <see cref="AdmissionOptions.ConcurrentRequests"/>
/// requests in service and <see cref="AdmissionOptions.QueuedRequests"/> waiting, so a rush beyond capacity is
/// refused at once — REST with 503, <c>Retry-After</c> and a google.rpc.Status carrying RetryInfo, gRPC with
/// UNAVAILABLE and the same status — instead of queueing until callers time out. The status names the process that
/// refused (ErrorInfo metadata <c>refusedBy</c>: the gateway or the service behind it). A queued request whose caller
/// goes away leaves the queue. Health, liveness, reflection and operations are never limited.
/// </summary>
public static class AdmissionControl
{
    /// <summary>
    /// Requests a service serves at once by default: about as many as its database pool has connections (consumers
    /// and jobs share the pool).
    /// </summary>
    public const int ServiceConcurrentRequests = 24;

    /// <summary>
    /// Requests a service lets wait by default. The services keep the suite's only queue: the gateway queues nothing,
    /// so a request is refused where it arrives, at once, and never after it has waited somewhere else.
    /// </summary>
    public const int ServiceQueuedRequests = 48;

    /// <summary>What one service instance admits by default, served and waiting: the gateway's share per backend.</summary>
    public const int ServiceAdmittedRequests = ServiceConcurrentRequests + ServiceQueuedRequests;

    /// <param name="processName">The name a refusal gives as <c>refusedBy</c>: <c>gateway</c>, or the service's.</param>
    /// <param name="partitionOf">
    /// Which share of the limit a request takes (each partition has the whole limit to itself), e.g. the backend a
    /// gateway route leads to; null or a null answer: one limit for the process.
    /// </param>
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services, IConfiguration configuration, string processName, int concurrentRequests, int queuedRequests, Func<HttpContext, string?>? partitionOf = null)
    {
        var options = new AdmissionOptions { ConcurrentRequests = concurrentRequests, QueuedRequests = queuedRequests };
        configuration.GetSection("Admission").Bind(options);
        if (options.ConcurrentRequests < 1 || options.QueuedRequests < 0)
        {
            throw new InvalidOperationException($"Admission: ConcurrentRequests must be at least 1 and QueuedRequests at least 0 (were {options.ConcurrentRequests} and {options.QueuedRequests}).");
        }

        services.AddSingleton(options);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsExempt(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetConcurrencyLimiter(partitionOf?.Invoke(context) ?? "admitted", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ConcurrentRequests,
                    QueueLimit = options.QueuedRequests,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));
            var refusal = new StatusResponses.Prepared(RpcErrors.Overloaded(options.RetryAfter, processName), options.RetryAfter);
            limiter.OnRejected = (rejected, _) => new ValueTask(refusal.WriteAsync(rejected.HttpContext));
        });
        return services;
    }

    /// <summary>First in the pipeline, so a refused request costs nothing further.</summary>
    public static IApplicationBuilder UseAdmissionControl(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>What is never refused: the probes orchestrators and operators depend on when the process is busiest.</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal)
        || path.StartsWithSegments("/alive", StringComparison.Ordinal)
        || path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal)
        || path.StartsWithSegments("/grpc.reflection.v1alpha.ServerReflection", StringComparison.Ordinal)
        || path.StartsWithSegments("/grpc.reflection.v1.ServerReflection", StringComparison.Ordinal)
        || path.StartsWithSegments("/huangpu.operations.v1.OperationsService", StringComparison.Ordinal)
        || path.StartsWithSegments("/ops", StringComparison.Ordinal);
}

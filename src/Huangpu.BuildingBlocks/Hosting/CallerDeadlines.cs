using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>Calls one service makes to another while serving a caller inherit that caller's deadline and cancellation.</summary>
public static class CallerDeadlines
{
    /// <summary>
    /// A call made while serving a gRPC request (or its REST form) ends when that request's deadline passes or its
    /// caller goes away, so no service keeps working for an answer nobody waits for. Calls made outside a request
    /// (consumers, jobs) keep their own deadlines.
    /// </summary>
    public static IHttpClientBuilder PropagateCallerDeadline(this IHttpClientBuilder client) =>
        client.EnableCallContextPropagation(options => options.SuppressContextNotFoundErrors = true);
}

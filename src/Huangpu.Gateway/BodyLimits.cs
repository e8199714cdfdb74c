using Huangpu.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Huangpu.Gateway;

/// <summary>
/// The contract's body limits: 1 MiB for JSON, 20 MiB for raw document uploads. A declared length over the
/// limit is refused with 413 before anything is forwarded; an undeclared (chunked) body is cut by Kestrel
/// at the limit, and the proxy's failure is reported as 413 too.
/// </summary>
internal static class BodyLimits
{
    public const long JsonBytes = 1024 * 1024;
    public const long DocumentBytes = 20 * 1024 * 1024;

    /// <summary>gRPC calls (partner feeds of 10,000 items) are bounded by the services' message limit instead.</summary>
    public const long GrpcBytes = Huangpu.BuildingBlocks.Hosting.PlatformServiceExtensions.MaxMessageBytes;

    public static long LimitFor(PathString path) =>
        path.StartsWithSegments("/api/v1/documents") ? DocumentBytes : JsonBytes;

    /// <summary>
    /// By route, never by what the caller declares: a REST path keeps its JSON or document limit whatever its
    /// content type says; only gRPC service paths (/package.Service/Method) get the message limit.
    /// </summary>
    public static long LimitFor(HttpRequest request) => IsRestPath(request) ? LimitFor(request.Path) : GrpcBytes;

    private static bool IsRestPath(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/ops") || request.Path.StartsWithSegments("/dev");

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = LimitFor(context.Request);
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, limit);
        }
    });

    /// <summary>In the proxy pipeline: a body cut off at the limit surfaces as a forwarding error; answer 413.</summary>
    public static async Task ReportOversizedBodyAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (error?.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, LimitFor(context.Request));
        }
    }

    private static Task TooLargeAsync(HttpContext context, long limit)
    {
        var mib = limit / (1024 * 1024);
        var status = RpcErrors.StatusOf(Google.Rpc.Code.ResourceExhausted, "BODY_TOO_LARGE", $"The request body exceeds {mib} MiB.", $"请求体超过 {mib} MiB。");
        // A REST path answers REST (413 with the Status as JSON) whatever content type the caller declared.
        return StatusResponses.WriteAsync(context, status, httpStatus: StatusCodes.Status413PayloadTooLarge, asGrpc: IsRestPath(context.Request) ? false : null);
    }
}

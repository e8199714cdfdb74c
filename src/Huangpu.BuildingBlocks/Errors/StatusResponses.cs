using System.Globalization;
using Google.Protobuf;
using Code = Google.Rpc.Code;
using Status = Google.Rpc.Status;
using Microsoft.AspNetCore.Http;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>
/// Answers a request with a google.rpc.Status written by the process itself, outside a gRPC handler (admission,
/// rate limits, the gateway's own checks): gRPC callers get a trailers-only answer with the status and its
/// details, REST callers the contract's HTTP code and the Status as JSON.
/// </summary>
public static class StatusResponses
{
    /// <summary>The contract's gRPC → HTTP mapping (JSON transcoding's).</summary>
    public static int HttpStatusOf(Code code) => code switch
    {
        Code.Ok => StatusCodes.Status200OK,
        Code.InvalidArgument or Code.FailedPrecondition or Code.OutOfRange => StatusCodes.Status400BadRequest,
        Code.Unauthenticated => StatusCodes.Status401Unauthorized,
        Code.PermissionDenied => StatusCodes.Status403Forbidden,
        Code.NotFound => StatusCodes.Status404NotFound,
        Code.AlreadyExists or Code.Aborted => StatusCodes.Status409Conflict,
        Code.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        Code.Unavailable => StatusCodes.Status503ServiceUnavailable,
        Code.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        Code.Cancelled => 499,
        Code.Unimplemented => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The status in the caller's language (<see cref="RefusalLanguage"/>), for gRPC and REST callers alike.</summary>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> (whole seconds, at least one) when given.</param>
    /// <param name="httpStatus">The HTTP status of a REST answer when the contract names one beside the mapping (413).</param>
    /// <param name="asGrpc">Whether to answer as gRPC; by the request's content type when not given.</param>
    public static Task WriteAsync(HttpContext context, Status status, TimeSpan? retryAfter = null, int? httpStatus = null, bool? asGrpc = null)
    {
        status = RefusalLanguage.AsAsked(status, context.Request.Headers.AcceptLanguage);
        var response = context.Response;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (asGrpc ?? IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return Task.CompletedTask;
        }

        response.StatusCode = httpStatus ?? HttpStatusOf((Code)status.Code);
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(RpcErrors.StatusJson.Format(status), context.RequestAborted);
    }

    /// <summary>The status as a minimal API's result, written by <see cref="WriteAsync"/>.</summary>
    public static IResult AsResult(Status status) => new StatusResult(status);

    private sealed class StatusResult(Status status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status);
    }
}

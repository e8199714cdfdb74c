using System.Globalization;
using System.Text;
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
    public static Task WriteAsync(HttpContext context, Status status, TimeSpan? retryAfter = null, int? httpStatus = null, bool? asGrpc = null) =>
        new RenderedStatus(RefusalLanguage.AsAsked(status, context.Request.Headers.AcceptLanguage), retryAfter, httpStatus).WriteAsync(context, asGrpc);

    /// <summary>The status as a minimal API's result, written by <see cref="WriteAsync"/>.</summary>
    public static IResult AsResult(Status status) => new StatusResult(status);

    /// <summary>
    /// A refusal that is always the same (admission's), rendered once in each language for each protocol, so that
    /// answering a rush of them costs the process no more than writing a few bytes: no status is built, no detail
    /// unpacked and no JSON formatted per request.
    /// </summary>
    public sealed class Prepared(Status status, TimeSpan? retryAfter = null)
    {
        private readonly RenderedStatus chinese = new(RefusalLanguage.InLanguage(status, RefusalLanguage.Chinese), retryAfter, null);
        private readonly RenderedStatus english = new(RefusalLanguage.InLanguage(status, RefusalLanguage.English), retryAfter, null);

        /// <summary>Writes the refusal in the caller's language and protocol, exactly as <see cref="StatusResponses.WriteAsync"/> would.</summary>
        public Task WriteAsync(HttpContext context) =>
            (RefusalLanguage.Choose(context.Request.Headers.AcceptLanguage) == RefusalLanguage.English ? english : chinese).WriteAsync(context, asGrpc: null);
    }

    /// <summary>
    /// A status as an answer: gRPC's trailers-only one or REST's, each rendered the first time it is written and kept
    /// (a race renders it twice, to the same value).
    /// </summary>
    private sealed class RenderedStatus(Status status, TimeSpan? retryAfter, int? httpStatus)
    {
        private readonly string? retryAfterSeconds = retryAfter is { } wait
            ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
            : null;

        private byte[]? json;
        private GrpcTrailers? grpc;

        public Task WriteAsync(HttpContext context, bool? asGrpc)
        {
            var response = context.Response;
            if (retryAfterSeconds is not null)
            {
                response.Headers.RetryAfter = retryAfterSeconds;
            }

            if (asGrpc ?? IsGrpc(context.Request))
            {
                var trailers = grpc ??= new GrpcTrailers(
                    status.Code.ToString(CultureInfo.InvariantCulture),
                    Uri.EscapeDataString(status.Message),
                    Convert.ToBase64String(status.ToByteArray()));
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = trailers.Status;
                response.Headers["grpc-message"] = trailers.Message;
                response.Headers["grpc-status-details-bin"] = trailers.Details;
                return Task.CompletedTask;
            }

            var body = json ??= Encoding.UTF8.GetBytes(RpcErrors.StatusJson.Format(status));
            response.StatusCode = httpStatus ?? HttpStatusOf((Code)status.Code);
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        }

        private sealed record GrpcTrailers(string Status, string Message, string Details);
    }

    private sealed class StatusResult(Status status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status);
    }
}

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
    /// A refusal that is always the same (admission's), rendered once in each language and for each protocol, so that
    /// answering a rush of them costs the process no more than writing a few bytes: no status is built, no detail
    /// unpacked and no JSON formatted per request.
    /// </summary>
    public sealed class Prepared(Status status, TimeSpan? retryAfter = null)
    {
        private readonly RenderedStatus chinese = new(RefusalLanguage.InLanguage(status, RefusalLanguage.Chinese), retryAfter, null);
        private readonly RenderedStatus english = new(RefusalLanguage.InLanguage(status, RefusalLanguage.English), retryAfter, null);

        /// <summary>Writes the refusal in the caller's language and protocol, exactly as <see cref="StatusResponses.WriteAsync"/> would.</summary>
        public Task WriteAsync(HttpContext context)
        {
            var acceptLanguage = context.Request.Headers.AcceptLanguage;
            var rendered = acceptLanguage.Count == 0 || RefusalLanguage.Choose(acceptLanguage) == RefusalLanguage.Chinese ? chinese : english;
            return rendered.WriteAsync(context, asGrpc: null);
        }
    }

    /// <summary>A status as the bytes and header values of both answers: gRPC's trailers-only one and REST's.</summary>
    private sealed class RenderedStatus
    {
        private readonly string? retryAfter;
        private readonly int httpStatus;
        private readonly byte[] json;
        private readonly string grpcStatus;
        private readonly string grpcMessage;
        private readonly string grpcDetails;

        public RenderedStatus(Status status, TimeSpan? retryAfter, int? httpStatus)
        {
            this.retryAfter = retryAfter is { } wait
                ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                : null;
            this.httpStatus = httpStatus ?? HttpStatusOf((Code)status.Code);
            json = Encoding.UTF8.GetBytes(RpcErrors.StatusJson.Format(status));
            grpcStatus = status.Code.ToString(CultureInfo.InvariantCulture);
            grpcMessage = Uri.EscapeDataString(status.Message);
            grpcDetails = Convert.ToBase64String(status.ToByteArray());
        }

        public Task WriteAsync(HttpContext context, bool? asGrpc)
        {
            var response = context.Response;
            if (retryAfter is not null)
            {
                response.Headers.RetryAfter = retryAfter;
            }

            if (asGrpc ?? IsGrpc(context.Request))
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = grpcStatus;
                response.Headers["grpc-message"] = grpcMessage;
                response.Headers["grpc-status-details-bin"] = grpcDetails;
                return Task.CompletedTask;
            }

            response.StatusCode = httpStatus;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = json.Length;
            return response.Body.WriteAsync(json, context.RequestAborted).AsTask();
        }
    }

    private sealed class StatusResult(Status status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status);
    }
}

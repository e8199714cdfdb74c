using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>
/// The edge of every service, around every handler (gRPC and transcoded REST alike): text that cannot be stored
/// is refused before the handler runs (<see cref="RequestTextCheck"/>), and an unexpected failure answers
/// Internal with a correlation id and nothing else, never the exception's text, which goes to the log under
/// that id. Every refusal leaves in the caller's language (<see cref="RefusalLanguage"/>).
/// </summary>
public sealed partial class EdgeInterceptor(ILogger<EdgeInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            if (request is IMessage message && RequestTextCheck.Problems(message) is { Count: > 0 } problems)
            {
                throw RpcErrors.InvalidArgument(problems);
            }

            return await continuation(request, context);
        }
        catch (RpcException refusal) when (InCallersLanguage(refusal, context) is { } answer)
        {
            throw answer;
        }
        catch (Exception ex) when (ex is not RpcException && !(ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            var correlationId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
            LogUnexpected(logger, context.Method, correlationId, ex);
            var failure = RpcErrors.Internal(correlationId);
            throw InCallersLanguage(failure, context) ?? failure;
        }
    }

    /// <summary>The refusal with its message in the caller's language; null when it already reads so or carries no platform status.</summary>
    private static RpcException? InCallersLanguage(RpcException refusal, ServerCallContext context)
    {
        if (refusal.GetRpcStatus() is not { } status)
        {
            return null;
        }

        var answer = RefusalLanguage.AsAsked(status, context.RequestHeaders.GetValue("accept-language"));
        return ReferenceEquals(answer, status) ? null : answer.ToRpcException();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}; correlation id {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, string method, string correlationId, Exception exception);
}

using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Operations;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using Huangpu.BuildingBlocks.Tracing;
using Huangpu.Contracts.Auditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huangpu.BuildingBlocks.Auditing;

/// <summary>
/// Around every unary handler: makes the call <see cref="ApiCall.Current"/> (so whatever it commits is audited by
/// <see cref="ApiCallChangeAudit"/>), and when the handler refused a read as out of the caller's reach
/// (<see cref="ApiCall.RefuseAccess"/>), files <see cref="AccessRefused"/> in a transaction of its own, since
/// the call's own changed nothing.
/// </summary>
public sealed partial class ApiCallAuditInterceptor(ServiceIdentity service, IServiceScopeFactory scopes, PolicyCalendar calendar, ILogger<ApiCallAuditInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var call = new ApiCall(service.Name, context.Method, request as IMessage, context.GetHttpContext().User, calendar.Now());
        ApiCall.Current = call;
        if (System.Diagnostics.Activity.Current is { IsAllDataRequested: true } span)
        {
            SubjectTags.Tag(span, call.RequestSubjects);
        }

        try
        {
            return await continuation(request, context);
        }
        catch (RpcException) when (call.Refusal is { } refusal)
        {
            await RecordRefusalAsync(call, refusal.Subject, refusal.Reason);
            throw;
        }
        finally
        {
            ApiCall.Current = null;
        }
    }

    private async Task RecordRefusalAsync(ApiCall call, string subject, string reason)
    {
        ApiCall.Current = null; // the refusal's own save is not a change made by the call
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.AddIntegrationEvent(new AccessRefused
            {
                Service = call.Service,
                Method = call.Method,
                Subject = subject,
                Reason = reason,
                CallerOrganizationUscc = call.User.OrganizationUscc(),
                OccurredAt = calendar.Now(),
                Actor = call.Actor,
                ActorRole = call.ActorRole,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The caller's answer stands either way; a refusal that could not be filed is logged under its method.
            LogUnrecorded(logger, call.Method, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A refused read in {Method} could not be filed in the audit trail")]
    private static partial void LogUnrecorded(ILogger logger, string method, Exception exception);
}

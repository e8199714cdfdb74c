using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Huangpu.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;
using Code = Google.Rpc.Code;

namespace Huangpu.BuildingBlocks.Auth;

/// <summary>
/// Refusals by the authorization middleware answer REST callers with the contract's google.rpc.Status
/// JSON (401 Unauthenticated, 403 PermissionDenied) instead of an empty body. gRPC callers keep the
/// default answer, which their clients map to the same status codes.
/// </summary>
public sealed class RpcStatusAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // Every allowed call passes here: it goes straight on, without a state machine of this handler's own.
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        return isGrpc || authorizeResult.Succeeded || context.Response.HasStarted
            ? _default.HandleAsync(next, context, policy, authorizeResult)
            : RefuseAsync(context, policy, authorizeResult);
    }

    private async Task RefuseAsync(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(_ => Task.CompletedTask, context, policy, authorizeResult);
        await StatusResponses.WriteAsync(context, authorizeResult.Challenged
            ? RpcErrors.StatusOf(Code.Unauthenticated, "UNAUTHENTICATED", "A valid bearer token is required.", "需要有效的访问令牌。")
            : RpcErrors.StatusOf(Code.PermissionDenied, "PERMISSION_DENIED", "Your role may not do this.", "您的角色无权执行此操作。"));
    }
}

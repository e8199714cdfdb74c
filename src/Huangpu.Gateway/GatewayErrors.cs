using Grpc.Core;
using Huangpu.BuildingBlocks.Errors;

namespace Huangpu.Gateway;

/// <summary>The answers the gateway gives itself (413, its own 400s and 403s), as a service's refusal would read.</summary>
internal static class GatewayErrors
{
    /// <summary>A refusal naming one field (its own routes' 400s).</summary>
    public static IResult BadRequest(string field, string english, string chinese) =>
        StatusResponses.AsResult(RpcErrors.InvalidArgumentStatus([new FieldProblem(field, english, chinese)]));

    /// <summary>Answers with the refusal's google.rpc.Status, in the caller's language.</summary>
    public static Task WriteAsync(HttpContext context, RpcException refusal) =>
        StatusResponses.WriteAsync(context, refusal.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)refusal.StatusCode, Message = refusal.Status.Detail });
}

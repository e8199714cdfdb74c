using Google.Protobuf;
using Grpc.Core;
using Huangpu.BuildingBlocks.Errors;

namespace Huangpu.Gateway;

/// <summary>google.rpc.Status JSON for the answers the gateway gives itself (413, its own 400s and 403s).</summary>
internal static class GatewayErrors
{
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    public static object Status(int code, string message, IReadOnlyList<(string Field, string Description)> violations) => new
    {
        code,
        message,
        details = violations.Count == 0
            ? Array.Empty<object>()
            : [new Dictionary<string, object>
            {
                ["@type"] = BadRequestType,
                ["fieldViolations"] = violations.Select(v => new { field = v.Field, description = v.Description }).ToArray(),
            }],
    };

    /// <summary>Answers with the refusal's google.rpc.Status, exactly as a service's transcoded refusal would read.</summary>
    public static Task WriteAsync(HttpContext context, RpcException refusal)
    {
        var status = refusal.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)refusal.StatusCode, Message = refusal.Status.Detail };
        context.Response.StatusCode = StatusResponses.HttpStatusOf((Google.Rpc.Code)status.Code);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(RpcErrors.StatusJson.Format(status), context.RequestAborted);
    }
}

namespace Huangpu.Gateway;

/// <summary>google.rpc.Status JSON for the answers the gateway gives itself (413, its own 400s).</summary>
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
}

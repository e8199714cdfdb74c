using System.Text.Json;

namespace Huangpu.Gateway;

/// <summary>
/// Refuses malformed JSON bodies with 400 saying where (line and byte), before they reach a service:
/// JSON transcoding reports only that the payload is malformed. Bodies are small (≤ 1 MiB), so the
/// check buffers and rewinds them.
/// </summary>
internal static class JsonSyntaxCheck
{
    public static IApplicationBuilder UseJsonSyntaxCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsDelete(request.Method)
            && request.HasJsonContentType() && request.Path.StartsWithSegments("/api"))
        {
            request.EnableBuffering();
            var problem = await FindSyntaxErrorAsync(request.Body, context.RequestAborted);
            request.Body.Position = 0;
            if (problem is not null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(GatewayErrors.Status(3, problem, [("body", problem)]), context.RequestAborted);
                return;
            }
        }

        await next(context);
    });

    internal static async Task<string?> FindSyntaxErrorAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
            return null;
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return $"Malformed JSON at line {line}, byte {column}. / JSON 格式错误：第 {line} 行第 {column} 字节。";
        }
    }
}

using Scalar.AspNetCore;

namespace Huangpu.Gateway;

/// <summary><c>GET /openapi/v1.json</c> (every REST route with its verb) and the browsable reference at <c>GET /docs</c> (Scalar).</summary>
internal static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    public static void MapOpenApi(this WebApplication app)
    {
        var document = OpenApiDocument.Build().ToJsonString();
        app.MapGet(DocumentPath, () => Results.Text(document, "application/json")).AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
                .WithTitle("Huangpu Platform — REST/JSON API v1")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
    }
}

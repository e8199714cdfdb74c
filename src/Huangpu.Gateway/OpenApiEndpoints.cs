namespace Huangpu.Gateway;

/// <summary><c>GET /openapi/v1.json</c> and a self-contained browsable page at <c>GET /docs</c> (no external assets).</summary>
internal static class OpenApiEndpoints
{
    private const string Page = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>Huangpu Platform API</title>
        <style>body{font:14px/1.5 system-ui,sans-serif;margin:2em;max-width:70em}code{background:#f3f3f3;padding:0 .3em}
        .op{border-left:4px solid #3b7;padding:.3em .8em;margin:.6em 0}.get{border-color:#37b}.post{border-color:#3b7}.patch{border-color:#b83}
        .verb{font-weight:bold;text-transform:uppercase;display:inline-block;width:4.5em}</style></head>
        <body><h1>Huangpu Platform — REST/JSON API v1</h1>
        <p>Every route is also a gRPC method (gateway gRPC port, with server reflection). Errors are <code>google.rpc.Status</code>.
        The machine-readable document: <a href="/openapi/v1.json">/openapi/v1.json</a>.</p><div id="ops">Loading…</div>
        <script>
        fetch('/openapi/v1.json').then(r => r.json()).then(doc => {
          const ops = document.getElementById('ops'); ops.textContent = '';
          for (const [path, verbs] of Object.entries(doc.paths)) for (const [verb, op] of Object.entries(verbs)) {
            const div = document.createElement('div'); div.className = 'op ' + verb;
            const head = document.createElement('div');
            const v = document.createElement('span'); v.className = 'verb'; v.textContent = verb;
            const p = document.createElement('code'); p.textContent = path;
            head.append(v, p); div.append(head);
            const d = document.createElement('div'); d.textContent = op.operationId + ' — ' + op.description; div.append(d);
            ops.append(div);
          }
        });
        </script></body></html>
        """;

    public static void MapOpenApi(this WebApplication app)
    {
        var document = OpenApiDocument.Build().ToJsonString();
        app.MapGet("/openapi/v1.json", () => Results.Text(document, "application/json")).AllowAnonymous();
        app.MapGet("/docs", () => Results.Content(Page, "text/html; charset=utf-8")).AllowAnonymous();
    }
}

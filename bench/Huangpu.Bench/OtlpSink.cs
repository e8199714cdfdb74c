using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

/// <summary>
/// An OTLP/gRPC collector that accepts every export and keeps nothing: what the services' exporters see of a
/// deployment's collector on another machine. Every OTLP export answers with an empty message, so one handler
/// answers traces, metrics and logs alike; the count of exports is printed when it stops.
/// </summary>
internal static class OtlpSink
{
    public static async Task RunAsync(int port)
    {
        var builder = H2cServer.CreateBuilder(port);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        long exports = 0;
        long bytes = 0;
        app.MapPost("/opentelemetry.proto.collector.{signal}.v1.{service}/Export", async (HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref bytes, read);
            }

            Interlocked.Increment(ref exports);
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "0");
            // One length-prefixed message of zero bytes: an empty Export*ServiceResponse.
            await context.Response.Body.WriteAsync(new byte[5]);
        });
        await app.RunAsync();
        Console.WriteLine($"OTLP sink: {exports} exports, {bytes} bytes");
    }
}

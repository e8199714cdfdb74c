using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Huangpu.EndToEnd.Tests.Otlp;

/// <summary>One span as a collector received it: which process sent it, and what it says.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> LinkedTraceIds);

/// <summary>
/// An OTLP/gRPC collector in the test process, standing where the dashboard stands in Development: every platform
/// process exports its spans here, and the tests read them. Metrics and logs are accepted and dropped.
/// </summary>
public sealed class TraceCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    private TraceCollector(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans;

    public static async Task<TraceCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var collector = new TraceCollector(builder.Build());
        collector._app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", async context =>
        {
            collector.Receive(ExportTraceServiceRequest.Parser.ParseFrom(await ReadMessageAsync(context.Request)));
            await AnswerEmptyAsync(context);
        });
        collector._app.MapPost("/opentelemetry.proto.collector.{signal}.v1.{service}/Export", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await AnswerEmptyAsync(context);
        });
        await collector._app.StartAsync();
        collector.Address = new Uri(collector._app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return collector;
    }

    /// <summary>The spans of one trace received so far.</summary>
    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    private void Receive(ExportTraceServiceRequest export)
    {
        foreach (var resource in export.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? string.Empty;
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(
                        service,
                        scope.Scope?.Name ?? string.Empty,
                        Convert.ToHexStringLower(span.TraceId.Span),
                        Convert.ToHexStringLower(span.SpanId.Span),
                        Convert.ToHexStringLower(span.ParentSpanId.Span),
                        span.Name,
                        span.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.First().Value)),
                        [.. span.Links.Select(l => Convert.ToHexStringLower(l.TraceId.Span))]));
                }
            }
        }
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Empty,
    };

    /// <summary>A unary gRPC request's one message: the compressed flag, the length, the bytes (gzip when flagged).</summary>
    private static async Task<byte[]> ReadMessageAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4));
        var message = frame.AsSpan(5, length).ToArray();
        if (frame[0] == 0)
        {
            return message;
        }

        await using var gzip = new GZipStream(new MemoryStream(message), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        return plain.ToArray();
    }

    private static async Task AnswerEmptyAsync(HttpContext context)
    {
        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.Body.WriteAsync(new byte[5]); // an empty Export*ServiceResponse
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

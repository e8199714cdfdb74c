using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// usage: Huangpu.MemoryFloor <aspnet|stack|stack+telemetry> <port> [postgres connection string] [amqp uri]
// A process that does nothing but start the libraries a platform service starts, each layer in its own method so an
// assembly is loaded only when its layer is asked for:
//   aspnet            ASP.NET Core on h2c with one endpoint
//   stack             + a gRPC server and health checks, EF Core on Npgsql with one query made, a MassTransit bus on
//                     RabbitMQ with one consumer
//   stack+telemetry   + OpenTelemetry metrics and traces for ASP.NET Core, HttpClient, the runtime and MassTransit,
//                     exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT)
if (args.Length < 2 || args[0] is not ("aspnet" or "stack" or "stack+telemetry"))
{
    Console.Error.WriteLine("usage: Huangpu.MemoryFloor <aspnet|stack|stack+telemetry> <port> [postgres] [amqp]");
    return 2;
}

var layer = args[0];
var builder = WebApplication.CreateBuilder();
builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(int.Parse(args[1], CultureInfo.InvariantCulture), l => l.Protocols = HttpProtocols.Http2));
if (layer != "aspnet")
{
    Layers.AddStack(builder, args[2], new Uri(args[3]));
}

if (layer == "stack+telemetry")
{
    Layers.AddTelemetry(builder);
}

var app = builder.Build();
app.MapGet("/", () => "idle");
if (layer != "aspnet")
{
    await Layers.StartStackAsync(app);
}

await app.RunAsync();
return 0;

internal static class Layers
{
    public static void AddStack(WebApplicationBuilder builder, string postgres, Uri amqp)
    {
        builder.Services.AddGrpc();
        builder.Services.AddHealthChecks();
        builder.Services.AddDbContextPool<FloorDbContext>(o => o.UseNpgsql(postgres));
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<PingConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(amqp);
                rabbit.ConfigureEndpoints(context);
            });
        });
    }

    public static void AddTelemetry(WebApplicationBuilder builder) => builder.Services.AddOpenTelemetry()
        .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddOtlpExporter())
        .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("MassTransit").AddOtlpExporter());

    public static async Task StartStackAsync(WebApplication app)
    {
        app.MapHealthChecks("/health");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FloorDbContext>();
        _ = await db.Rows.CountAsync();
    }
}

// PostgreSQL's own list of databases, so the query runs through EF Core's whole pipeline without a schema of its own.
internal sealed class FloorRow
{
    public uint Oid { get; set; }
}

internal sealed class FloorDbContext(DbContextOptions<FloorDbContext> options) : DbContext(options)
{
    public DbSet<FloorRow> Rows => Set<FloorRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var row = modelBuilder.Entity<FloorRow>();
        row.ToTable("pg_database", "pg_catalog");
        row.HasKey(r => r.Oid);
        row.Property(r => r.Oid).HasColumnName("oid");
    }
}

internal sealed record FloorPing(string Text);

internal sealed class PingConsumer : IConsumer<FloorPing>
{
    public Task Consume(ConsumeContext<FloorPing> context) => Task.CompletedTask;
}

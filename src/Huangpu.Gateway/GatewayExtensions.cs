using System.Net;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using Grpc.Reflection;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Hosting;
using Huangpu.Grpc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Huangpu.Gateway;

internal static class GatewayExtensions
{
    /// <summary>
    /// Two plaintext listeners: REST/JSON over HTTP/1.1 and gRPC over h2c (plaintext cannot offer both on one port).
    /// With a certificate configured (<c>Gateway:Tls</c>), a third: one TLS port where ALPN lets each caller choose
    /// HTTP/2 (gRPC and REST) or HTTP/1.1 (REST) — the port to publish outside the cluster.
    /// </summary>
    public static WebApplicationBuilder AddGatewayListeners(this WebApplicationBuilder builder)
    {
        var address = IPAddress.Parse(builder.Configuration["Gateway:BindAddress"] ?? "127.0.0.1");
        var restPort = builder.Configuration.GetValue("HP_GATEWAY_PORT", 8080);
        var grpcPort = builder.Configuration.GetValue("HP_GATEWAY_GRPC_PORT", 8081);
        var tls = builder.Configuration.GetSection("Gateway:Tls").Get<GatewayTlsOptions>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = BodyLimits.GrpcBytes;
            kestrel.Listen(address, restPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            if (tls?.CertificatePath is { Length: > 0 })
            {
                var certificate = tls.LoadCertificate();
                kestrel.Listen(address, tls.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                });
            }
        });
        return builder;
    }

    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddPlatformAuthentication();
        builder.AddPolicyCalendar();

        builder.Services.AddGatewayAdmission(builder.Configuration);
        // Per client and route, counted in Redis so that every replica draws on the same allowance.
        var rateLimits = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddSingleton(rateLimits);
        if (rateLimits.Enabled)
        {
            // Health and tracing off: a Redis outage lets calls through unlimited (and says so), it never takes the
            // front door out of rotation, and a span per counted call would cost more than the count.
            builder.AddRedisClient(ServiceDefaults.ResourceNames.Redis, settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableTracing = true;
            });
            builder.Services.AddSingleton<ClientRateLimits>();
        }

        builder.Services.AddReverseProxy()
            .LoadFromMemory(GatewayRoutes.Routes(), GatewayRoutes.Clusters())
            .AddServiceDiscoveryDestinationResolver();

        // Partner bureaus use grpcurl against the gateway: reflection over every public service, from the shared assembly.
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new ReflectionServiceImpl([.. PublicServices.All, Health.Descriptor]));

        // Readiness and the aggregated grpc.health.v1: ready only when every backend reports SERVING.
        var health = builder.Services.AddGrpcHealthChecks(options =>
        {
            foreach (var backend in GatewayRoutes.Backends)
            {
                foreach (var service in backend.GrpcServices)
                {
                    options.Services.Map(service, result => result.Tags.Contains(backend.Name));
                }
            }
        });
        foreach (var backend in GatewayRoutes.Backends)
        {
            builder.Services.AddGrpcClient<Health.HealthClient>(backend.Name, o => o.Address = new Uri($"http://{backend.Name}"));
            health.Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                backend.Name,
                sp => new BackendHealthCheck(sp.GetRequiredService<GrpcClientFactory>(), backend.Name),
                failureStatus: null,
                tags: [backend.Name]));
        }

        return builder;
    }

    /// <summary>The answer's header naming the call's trace id, to quote when reporting a problem.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>
    /// Per backend, as many requests in flight as one instance of the service admits (served and queued there), and
    /// none waiting here: the excess of a rush is refused here at once, first in the pipeline, before a token is
    /// checked or a body read or proxied, so refusing costs the gateway next to nothing and the backend not at all.
    /// What the gateway lets through goes straight on, so a refusal the service makes (its queue full in a race, or
    /// more gateway replicas than it has room for) also comes at once, never after a wait in a queue here.
    /// </summary>
    internal static IServiceCollection AddGatewayAdmission(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAdmissionControl(configuration, "gateway", AdmissionControl.ServiceAdmittedRequests, queuedRequests: 0, partitionOf: BackendOf);

    /// <summary>The backend a request's route leads to (its YARP cluster), or the gateway itself.</summary>
    private static string BackendOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config.ClusterId ?? "gateway";

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Every answer names its correlation id: the W3C trace id that the services' logs and traces carry for the call.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeader] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                return Task.CompletedTask;
            });
            return next(context);
        });
        // Routing first, so admission knows the backend of each request.
        app.UseRouting();
        app.UseAdmissionControl();
        app.UseBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapDevToken();
        app.MapDevClock();
        app.MapOpenApi();
        app.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        // The proxy's pipeline runs after the route's authorisation: a caller without a token hears 401 before
        // anything about its body.
        app.MapReverseProxy(proxy =>
        {
            proxy.UseRestRequestCheck();
            if (app.Services.GetService<ClientRateLimits>() is { } rateLimits)
            {
                proxy.Use(rateLimits.InvokeAsync);
            }

            proxy.Use(BodyLimits.ReportOversizedBodyAsync);
            // A custom pipeline leaves out YARP's own steps unless named: without these, a cluster of two instances
            // is picked from at random and the passive health of each is never recorded.
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}

/// <summary>The gateway's TLS port (configuration section <c>Gateway:Tls</c>).</summary>
internal sealed class GatewayTlsOptions
{
    public int Port { get; set; } = 8443;

    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PKCS#12 file (with <see cref="Password"/>, if any).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    public string? Password { get; set; }

    public System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate() =>
        KeyPath is { Length: > 0 }
            ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath)
            : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, Password);
}

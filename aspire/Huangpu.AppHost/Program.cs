using System.Globalization;
using Huangpu.AppHost;
using Huangpu.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var servers = builder.AddLocalServers();

// One development signing key for every process; tokens come from the gateway's /dev/token.
var signingKey = builder.Configuration["Huangpu:Auth:SigningKey"] is { Length: >= 32 } configuredKey
    ? configuredKey
    : LocalServers.ReadOrCreateSecret(Path.Combine(LocalServers.StateDirectory(builder), "jwt-signing-key"));

// Share of traces kept (Huangpu:TraceSampleRatio, 0..1): every trace by default, for the dashboard; a busy
// deployment keeps a fraction (parent-based, so a trace is whole or absent across services).
var traceSampleRatio = builder.Configuration.GetValue("Huangpu:TraceSampleRatio", 1.0);
if (traceSampleRatio is < 0 or > 1)
{
    throw new InvalidOperationException($"Huangpu:TraceSampleRatio must be between 0 and 1, not {traceSampleRatio}.");
}

// Telemetry goes to the dashboard unless Huangpu:OtlpEndpoint names another OTLP/gRPC collector (a deployment's
// own); the dashboard then still shows the resources and their console output.
var otlpEndpoint = builder.Configuration["Huangpu:OtlpEndpoint"];
if (!string.IsNullOrEmpty(otlpEndpoint) && !(Uri.TryCreate(otlpEndpoint, UriKind.Absolute, out var otlpUri) && otlpUri.Scheme is "http" or "https"))
{
    throw new InvalidOperationException($"Huangpu:OtlpEndpoint must be an absolute http(s) URL, not '{otlpEndpoint}'.");
}

// Development: one file holds the suite's clock offset (POST /dev/clock moves it); it starts at zero with every start.
var devClockFile = Path.Combine(LocalServers.StateDirectory(builder), "dev-clock");
File.Delete(devClockFile);

// What every platform process gets: the built assembly run by the dotnet host itself (no `dotnet run` wrapper
// process beside each service: it held 131 MB resident for nothing), the environment name, the signing key and
// the telemetry settings, at the CPU priority of its tier (ProcessPriority).
IResourceBuilder<ExecutableResource> PlatformProcess<TProject>(string name, ProcessTier tier)
    where TProject : IProjectMetadata, new()
{
    var (assembly, directory) = LocalServers.BuiltAssembly(new TProject());
    var (command, args) = ProcessPriority.In(builder, tier, "dotnet", assembly);
    var project = builder.AddExecutable(name, command, directory, args)
        .WithOtlpExporter()
        .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", OtlpExportTimeoutMs)
        // glibc gives each thread that allocates natively an arena of its own; two arenas stop an idle service's
        // resident memory creeping up with its thread pool (docs/benchmarks.md, "Idle memory").
        .WithEnvironment("MALLOC_ARENA_MAX", "2")
        // An idle thread-pool worker blocks at once instead of spinning for work first: a dozen processes share the
        // cores, and what one spins away another needed (docs/benchmarks.md, "Admission control").
        .WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");
    if (builder.Environment.IsDevelopment())
    {
        project.WithEnvironment("Huangpu__DevClockFile", devClockFile);
    }

    if (!string.IsNullOrEmpty(otlpEndpoint))
    {
        project
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint)
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    }
    if (traceSampleRatio < 1)
    {
        project
            .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
            .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", traceSampleRatio.ToString(CultureInfo.InvariantCulture));
    }

    return project;
}

IResourceBuilder<ExecutableResource> Service<TProject>(string name, string database, string serviceName, ProcessTier tier)
    where TProject : IProjectMetadata, new()
{
    var port = LocalServers.ServicePort(builder, name);
    var service = PlatformProcess<TProject>(name, tier)
        .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
        .WithEnvironment("ASPNETCORE_URLS", $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}")
        // Every instance of a service is that service (its audit records, its operations route, its token).
        .WithEnvironment("OTEL_SERVICE_NAME", serviceName)
        .WithReference(servers.ConnectionStrings[database])
        .WithReference(servers.ConnectionStrings[ResourceNames.RabbitMq])
        .WaitFor(servers.Postgres)
        .WaitFor(servers.RabbitMq);
    var healthKey = $"{name}-ready";
    builder.Services.AddHealthChecks().AddCheck(healthKey, new Http2HealthCheck(service.GetEndpoint("http"), "/health/ready"));
    return service.WithHealthCheck(healthKey);
}

// One instance of each service, or two against the same databases and broker (Huangpu:SecondInstances=true), as a
// deployment runs several: the second is "<name>-2", and whoever calls the service reaches either.
var instanceCount = builder.Configuration.GetValue("Huangpu:SecondInstances", false) ? 2 : 1;
IReadOnlyList<IResourceBuilder<ExecutableResource>> Instances<TProject>(string name, string database, ProcessTier tier = ProcessTier.RequestPath)
    where TProject : IProjectMetadata, new() =>
    [.. Enumerable.Range(1, instanceCount).Select(i => Service<TProject>(i == 1 ? name : $"{name}-{i}", database, name, tier))];

// Service discovery of every instance of a service (services__{name}__http__{i}), for each caller.
void Reference(IEnumerable<IResourceBuilder<ExecutableResource>> callers, IReadOnlyList<IResourceBuilder<ExecutableResource>> instances, bool waitFor = false)
{
    var name = instances[0].Resource.Name;
    foreach (var caller in callers)
    {
        caller.WithReference(instances[0].GetEndpoint("http"));
        for (var i = 1; i < instances.Count; i++)
        {
            caller.WithEnvironment($"services__{name}__http__{i.ToString(CultureInfo.InvariantCulture)}", instances[i].GetEndpoint("http"));
        }

        if (waitFor)
        {
            foreach (var instance in instances)
            {
                caller.WaitFor(instance);
            }
        }
    }
}

// Compliance files events and runs risk rules after the fact: no caller waits for it, so it yields under a rush.
var complianceInstances = Instances<Projects.Huangpu_Compliance>(ResourceNames.Compliance, ResourceNames.ComplianceDatabase, ProcessTier.Background);
var applicationsInstances = Instances<Projects.Huangpu_Applications>(ResourceNames.Applications, ResourceNames.ApplicationsDatabase);
var expertReviewInstances = Instances<Projects.Huangpu_ExpertReview>(ResourceNames.ExpertReview, ResourceNames.ExpertReviewDatabase);
var paymentsInstances = Instances<Projects.Huangpu_Payments>(ResourceNames.Payments, ResourceNames.PaymentsDatabase);
// No service waits for another to publish: every one declares the whole messaging map on the broker at start
// (EventSubscriptions), so an event whose consumer is not up yet waits in that consumer's queue.
var registryInstances = Instances<Projects.Huangpu_Registry>(ResourceNames.Registry, ResourceNames.RegistryDatabase);
var personIdHashKey = LocalServers.ReadOrCreateSecret(Path.Combine(LocalServers.StateDirectory(builder), "person-id-hash-key"));
foreach (var instance in registryInstances)
{
    instance
        // ID numbers of natural persons are kept only as HMACs under this key (kept with the data it protects).
        .WithEnvironment("Registry__PersonIdHashKey", personIdHashKey)
        // The eligibility cache's second level, shared by every Registry instance.
        .WithReference(servers.ConnectionStrings[ResourceNames.Redis])
        .WaitFor(servers.Redis);
}

// The first instances: where the dashboard's commands act.
var (applications, payments, compliance) = (applicationsInstances[0], paymentsInstances[0], complianceInstances[0]);
// Applications asks the Registry for eligibility and names, ExpertReview for an applicant's links (references:
// their calls retry until the Registry answers).
Reference(applicationsInstances, registryInstances);
Reference(expertReviewInstances, registryInstances);
// Joint review commits an approved amount against the budget in Payments before recording the approval;
// Payments re-checks an organisation's eligibility with the Registry just before paying it.
Reference(applicationsInstances, paymentsInstances);
Reference(paymentsInstances, registryInstances);
// Compliance reads the policies' terms (validity, caps) from the catalog for its risk rules and reminders.
Reference(complianceInstances, applicationsInstances);

// The treasury: a deployment names its own (Huangpu:TreasuryAddress); otherwise the simulator runs as a resource.
var treasuryAddress = builder.Configuration["Huangpu:TreasuryAddress"];
IResourceBuilder<ExecutableResource>? treasury = null;
if (string.IsNullOrEmpty(treasuryAddress))
{
    var treasuryPort = LocalServers.ServicePort(builder, ResourceNames.Treasury);
    treasury = PlatformProcess<Projects.Huangpu_TreasurySimulator>(ResourceNames.Treasury, ProcessTier.Background)
        .WithHttpEndpoint(port: treasuryPort, targetPort: treasuryPort, name: "http", isProxied: false)
        .WithEnvironment("ASPNETCORE_URLS", $"http://localhost:{treasuryPort.ToString(CultureInfo.InvariantCulture)}");
    builder.Services.AddHealthChecks().AddCheck("treasury-ready", new Http2HealthCheck(treasury.GetEndpoint("http"), "/health/ready"));
    treasury.WithHealthCheck("treasury-ready");
    foreach (var instance in paymentsInstances)
    {
        instance.WithReference(treasury.GetEndpoint("http"));
    }
}
else
{
    foreach (var instance in paymentsInstances)
    {
        instance.WithEnvironment("Treasury__Address", treasuryAddress);
    }
}

var restPort = builder.Configuration.GetValue("HP_GATEWAY_PORT", 8080);
var grpcPort = builder.Configuration.GetValue("HP_GATEWAY_GRPC_PORT", 8081);
var gateway = Gateway(ResourceNames.Gateway, restPort, grpcPort);
// A second replica (Huangpu:SecondGateway:RestPort and GrpcPort), as a load balancer would spread callers over two:
// they share the rate-limit counts in Redis.
var secondGatewayRest = builder.Configuration.GetValue<int?>("Huangpu:SecondGateway:RestPort");
var secondGatewayGrpc = builder.Configuration.GetValue<int?>("Huangpu:SecondGateway:GrpcPort");
if (secondGatewayRest is { } rest2 && secondGatewayGrpc is { } grpc2)
{
    Gateway($"{ResourceNames.Gateway}-2", rest2, grpc2);
}

IResourceBuilder<ExecutableResource> Gateway(string name, int rest, int grpc)
{
    var replica = PlatformProcess<Projects.Huangpu_Gateway>(name, ProcessTier.FrontDoor)
        .WithHttpEndpoint(port: rest, targetPort: rest, name: "http", isProxied: false)
        .WithEndpoint(port: grpc, targetPort: grpc, scheme: "http", name: "grpc", isProxied: false)
        .WithEnvironment("HP_GATEWAY_PORT", rest.ToString(CultureInfo.InvariantCulture))
        .WithEnvironment("HP_GATEWAY_GRPC_PORT", grpc.ToString(CultureInfo.InvariantCulture))
        .WithHttpHealthCheck("/health/ready", endpointName: "http")
        // Rate limits per client and route, counted in Redis across replicas; the AppHost's RateLimits section overrides the defaults.
        .WithReference(servers.ConnectionStrings[ResourceNames.Redis])
        .WaitFor(servers.Redis);
    foreach (var setting in builder.Configuration.GetSection("RateLimits").AsEnumerable(makePathsRelative: false).Where(s => s.Value is not null))
    {
        replica.WithEnvironment(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
    }

    // services__{name}__http__{i}: what service discovery resolves http://{name} with, every instance of it.
    foreach (var backend in new[] { registryInstances, applicationsInstances, expertReviewInstances, paymentsInstances, complianceInstances })
    {
        Reference([replica], backend, waitFor: true);
    }

    return replica;
}

// The operations team's commands on the dashboard (Development: they use the gateway's development tokens).
if (builder.Environment.IsDevelopment())
{
    DashboardCommands.Add(new Uri($"http://127.0.0.1:{restPort.ToString(CultureInfo.InvariantCulture)}"), gateway, compliance, payments, applications, servers.ConnectionStrings[ResourceNames.RabbitMq]);
}

// The simulated treasury confirms where a real one would: at the gateway's gRPC port, as bureau "treasury".
treasury?.WithEnvironment("Simulator__CallbackAddress", gateway.GetEndpoint("grpc"));

// Every fixed port is checked before anything starts: one held by another process stops start-up naming it.
var fixedPorts = new Dictionary<string, int>(servers.FixedPorts)
{
    ["gateway REST"] = restPort,
    ["gateway gRPC"] = grpcPort,
};
if (secondGatewayRest is { } secondRest && secondGatewayGrpc is { } secondGrpc)
{
    fixedPorts["second gateway REST"] = secondRest;
    fixedPorts["second gateway gRPC"] = secondGrpc;
}

foreach (var name in LocalServers.ServiceNames)
{
    if (builder.Configuration.GetValue($"Huangpu:Ports:{name}", 0) is > 0 and var port)
    {
        fixedPorts[name] = port;
    }
}

foreach (var (name, variable) in new[] { ("dashboard", "ASPNETCORE_URLS"), ("dashboard OTLP", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"), ("dashboard resource service", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL") })
{
    if (Uri.TryCreate(builder.Configuration[variable]?.Split(';')[0], UriKind.Absolute, out var url))
    {
        fixedPorts[name] = url.Port;
    }
}

builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
{
    FixedPorts.EnsureFree(fixedPorts);
    return Task.CompletedTask;
});

builder.Build().Run();

internal static partial class Program
{
    // Bounds each telemetry export, and so the flush at shutdown: with no collector listening (tests run
    // without the dashboard) the exporter's retries would otherwise outlast the orchestrator's stop timeout.
    private const string OtlpExportTimeoutMs = "2000";
}

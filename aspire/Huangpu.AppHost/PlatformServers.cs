using System.Reflection;
using System.Security.Cryptography;
using Huangpu.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.AppHost;

/// <summary>Connection strings of the servers, by resource name, whatever runs them.</summary>
internal sealed record PlatformServers(
    IResourceBuilder<ExecutableResource> Postgres,
    IResourceBuilder<LocalServerResource> RabbitMq,
    IResourceBuilder<LocalServerResource> Redis,
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> ConnectionStrings,
    IReadOnlyDictionary<string, int> FixedPorts);

/// <summary>
/// PostgreSQL, RabbitMQ and Redis as local processes from the Debian packages, bound to 127.0.0.1, with
/// their data under the state folder. Each instance has its own ports, Erlang node name, distribution
/// port and epmd, so the tests' instance never meets the one of <c>./run.sh</c>.
/// </summary>
internal static class LocalServers
{
    public static PlatformServers AddLocalServers(this IDistributedApplicationBuilder builder)
    {
        var state = StateDirectory(builder);
        var ports = builder.Configuration.GetSection("Huangpu:Ports");
        // Defaults away from the servers' usual ports, so a system PostgreSQL, RabbitMQ or Redis can run beside.
        int Port(string name, int defaultPort) => ports.GetValue(name, defaultPort);

        var fixedPorts = new Dictionary<string, int>
        {
            ["postgres"] = Port("Postgres", 55432),
            ["rabbitmq"] = Port("RabbitMq", 55672),
            ["rabbitmq distribution"] = Port("RabbitMqDistribution", 55673),
            ["epmd"] = Port("Epmd", 54369),
            ["redis"] = Port("Redis", 56379),
        };
        var postgres = builder.AddLocalPostgres(Path.Combine(state, "postgres"), fixedPorts["postgres"]);
        var rabbitmq = builder.AddLocalRabbitMq(Path.Combine(state, "rabbitmq"), fixedPorts["rabbitmq"], fixedPorts["rabbitmq distribution"], fixedPorts["epmd"]);
        var redis = builder.AddLocalRedis(Path.Combine(state, "redis"), fixedPorts["redis"]);

        var password = ReadOrCreateSecret(Path.Combine(state, "postgres", "password"));
        var pgEndpoint = postgres.GetEndpoint("tcp");
        var connectionStrings = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        foreach (var (resource, database) in new[]
                 {
                     (ResourceNames.RegistryDatabase, "registry"),
                     (ResourceNames.ApplicationsDatabase, "applications"),
                     (ResourceNames.ExpertReviewDatabase, "expertreview"),
                     (ResourceNames.PaymentsDatabase, "payments"),
                     (ResourceNames.ComplianceDatabase, "compliance"),
                 })
        {
            // The service's migrations create its database on first start.
            connectionStrings[resource] = builder.AddConnectionString(resource, ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={pgEndpoint.Property(EndpointProperty.Port)};Database={database};Username=postgres;Password={password}"));
        }

        connectionStrings[ResourceNames.RabbitMq] = rabbitmq;
        connectionStrings[ResourceNames.Redis] = redis;

        return new PlatformServers(postgres, rabbitmq, redis, connectionStrings, fixedPorts);
    }

    private static IResourceBuilder<ExecutableResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string state, int port)
    {
        Directory.CreateDirectory(state);
        ReadOrCreateSecret(Path.Combine(state, "password"));
        var script = Path.Combine(builder.AppHostDirectory, "servers", "postgres.sh");
        var (command, args) = ProcessPriority.BehindGateway(builder, "bash", script, state, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return builder.AddExecutable(ResourceNames.Postgres, command, state, args)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithTcpHealthCheck(builder, ResourceNames.Postgres, port);
    }

    private static IResourceBuilder<LocalServerResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string state, int port, int distributionPort, int epmdPort)
    {
        var mnesia = Path.Combine(state, "mnesia");
        var logs = Path.Combine(state, "log");
        Directory.CreateDirectory(mnesia);
        Directory.CreateDirectory(logs);
        var plugins = Path.Combine(state, "enabled_plugins");
        if (!File.Exists(plugins))
        {
            File.WriteAllText(plugins, "[].\n");
        }

        // The node's port mapper runs inside rabbitmq.sh, started before the node and stopped after it: an epmd that
        // stopped first was restarted by the node as a daemon that outlived the suite. The node and its CLI tools never
        // start their own (-start_epmd false).
        var script = Path.Combine(builder.AppHostDirectory, "servers", "rabbitmq.sh");
        var (command, args) = ProcessPriority.BehindGateway(builder, "bash", script);
        var rabbitmq = builder.AddResource(new LocalServerResource(ResourceNames.RabbitMq, command, state,
                r => ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{r.GetEndpoint("tcp").Property(EndpointProperty.Port)}/")))
            .WithArgs(args)
            .WithEnvironment("HOME", state)
            .WithEnvironment("RABBITMQ_NODENAME", "huangpu" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", mnesia)
            .WithEnvironment("RABBITMQ_LOG_BASE", logs)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", plugins)
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WithEnvironment("RABBITMQ_CTL_ERL_ARGS", "-start_epmd false")
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithTcpHealthCheck(builder, ResourceNames.RabbitMq, port);
        return rabbitmq;
    }

    private static IResourceBuilder<LocalServerResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string state, int port)
    {
        Directory.CreateDirectory(state);
        var (command, args) = ProcessPriority.BehindGateway(builder, "redis-server",
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", state,
            // A cache: nothing in Redis is the only copy of anything.
            "--save", "",
            "--appendonly", "no");
        return builder.AddResource(new LocalServerResource(ResourceNames.Redis, command, state,
                r => ReferenceExpression.Create($"127.0.0.1:{r.GetEndpoint("tcp").Property(EndpointProperty.Port)}")))
            .WithArgs(args)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithTcpHealthCheck(builder, ResourceNames.Redis, port);
    }

    private static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder, string name, int port)
        where T : IResource
    {
        var key = $"{name}-tcp";
        builder.Services.AddHealthChecks().AddCheck(key, new TcpHealthCheck("127.0.0.1", port));
        return resource.WithHealthCheck(key);
    }

    /// <summary>
    /// A platform project's built assembly and its output folder, in the AppHost's own build configuration (the
    /// AppHost's build builds them: they are its project references).
    /// </summary>
    public static (string Assembly, string Directory) BuiltAssembly(IProjectMetadata project)
    {
        var configuration = typeof(LocalServers).Assembly.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var name = Path.GetFileNameWithoutExtension(project.ProjectPath);
        var output = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin", configuration, "net10.0");
        return (Path.Combine(output, name + ".dll"), output);
    }

    /// <summary>The platform services, by resource name (each may be given a fixed port).</summary>
    public static IReadOnlyList<string> ServiceNames { get; } =
        [ResourceNames.Registry, ResourceNames.Applications, ResourceNames.ExpertReview, ResourceNames.Payments, ResourceNames.Compliance];

    /// <summary>
    /// The port a platform service listens on: <c>Huangpu:Ports:{name}</c>, else one the system has free now.
    /// Services are called on their own listeners, without the orchestrator's proxy in between.
    /// </summary>
    public static int ServicePort(IDistributedApplicationBuilder builder, string name)
    {
        var configured = builder.Configuration.GetValue($"Huangpu:Ports:{name}", 0);
        if (configured > 0)
        {
            return configured;
        }

        return LoopbackPorts.Free();
    }

    /// <summary>The state folder: <c>Huangpu:StateDirectory</c>, else <c>.state/run</c> at the repository's root (gitignored).</summary>
    public static string StateDirectory(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Huangpu:StateDirectory"];
        var state = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", "..", ".state", "run")
            : configured);
        Directory.CreateDirectory(state);
        return state;
    }

    /// <summary>A random secret kept in the state folder, so it survives restarts together with the data it protects.</summary>
    public static string ReadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}

using Huangpu.BuildingBlocks.Auditing;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.BuildingBlocks.Messaging;
using Huangpu.BuildingBlocks.Operations;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Huangpu.BuildingBlocks.Hosting;

public static class PlatformServiceExtensions
{
    /// <summary>Largest gRPC message a service accepts; the gateway refuses larger REST bodies with 413 first.</summary>
    public const int MaxMessageBytes = 21 * 1024 * 1024;

    /// <summary>
    /// Wires a domain service: defaults (telemetry, health, discovery), its own PostgreSQL database with
    /// the outbox, inbox and idempotency tables, JWT auth, gRPC with JSON transcoding, reflection
    /// and grpc.health.v1, and MassTransit on RabbitMQ with the outbox dispatcher.
    /// </summary>
    public static WebApplicationBuilder AddPlatformService<TDb>(
        this WebApplicationBuilder builder,
        string databaseName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        IReadOnlyList<IInterceptor>? interceptors = null)
        where TDb : PlatformDbContext
    {
        builder.AddServiceDefaults();

        // Services speak HTTP/2 only (gRPC, and REST from the gateway over HTTP/2): plaintext Kestrel
        // cannot offer both protocols on one port.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));

        var signal = new OutboxSignal();
        builder.Services.AddSingleton(signal);
        string? outboxConnection = null;
        builder.AddNpgsqlDbContext<TDb>(
            databaseName,
            settings =>
            {
                settings.DisableRetry = true; // writes use explicit transactions; retries are the caller's (idempotency keys)
                settings.ConnectionString = WithConnectionDefaults(settings.ConnectionString);
                outboxConnection = OutboxConnection(settings.ConnectionString);
            },
            options => options.UseSnakeCaseNamingConvention().AddInterceptors([new OutboxSignalInterceptor(signal), new ApiCallChangeAudit(), .. interceptors ?? []]));
        builder.Services.AddScoped<PlatformDbContext>(sp => sp.GetRequiredService<TDb>());
        builder.Services.AddScoped<IdempotencyGate>();
        builder.AddPolicyCalendar();
        // The AppHost names each process after its resource (OTEL_SERVICE_NAME): registry, applications, ...
        var identity = new ServiceIdentity(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton<ServiceCredentials>();
        builder.Services.AddTransient(typeof(Deferred<>));

        builder.AddPlatformAuthentication();

        builder.Services.AddGrpc(options =>
            {
                options.MaxReceiveMessageSize = MaxMessageBytes;
                // No answer carries an exception's text, in Development either: the log has it, under the correlation id.
                options.EnableDetailedErrors = false;
                options.Interceptors.Add<EdgeInterceptor>();
                // Inside the edge: a refused request never reaches a handler; every call that does is audited.
                options.Interceptors.Add<ApiCallAuditInterceptor>();
            })
            .AddJsonTranscoding(options =>
            {
                options.TypeRegistry = RpcErrors.DetailTypes;
                // proto3 JSON: int64 as strings (a 5000万 cap in fen is past what JavaScript numbers hold exactly).
                options.JsonSettings.WriteInt64sAsStrings = true;
            });
        builder.Services.AddGrpcReflection();
        // A service serves about as many requests at once as its database pool has connections and queues the rest up
        // to a bound: a rush beyond that is refused at once, not timed out.
        builder.Services.AddAdmissionControl(builder.Configuration, identity.Name, AdmissionControl.ServiceConcurrentRequests, AdmissionControl.ServiceQueuedRequests);
        builder.Services.AddGrpcHealthChecks();

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox").Configure(o => o.ConnectionString ??= outboxConnection);
        builder.Services.AddHostedService<OutboxDispatcher<TDb>>();
        builder.AddPlatformMessaging(configureConsumers);
        return builder;
    }

    /// <summary>
    /// The platform calendar (<see cref="PolicyCalendar"/>); in Development, moved by the suite's shared offset
    /// when the AppHost names its file.
    /// </summary>
    public static IHostApplicationBuilder AddPolicyCalendar(this IHostApplicationBuilder builder)
    {
        var zone = PolicyCalendar.ConfiguredZone(builder.Configuration);
        var offsetFile = builder.Environment.IsDevelopment() ? builder.Configuration[DevelopmentClock.ConfigurationKey] : null;
        if (!string.IsNullOrEmpty(offsetFile))
        {
            builder.Services.AddSingleton(new DevelopmentClock(offsetFile));
        }

        builder.Services.AddSingleton(sp => new PolicyCalendar(
            sp.GetRequiredService<TimeProvider>(),
            zone,
            sp.GetService<DevelopmentClock>() is { } development ? development.Offset : null));
        return builder;
    }

    private const string PlanCacheMode = "plan_cache_mode";

    /// <summary>
    /// The platform's connection defaults. Statements a connection runs repeatedly are prepared on it after
    /// their second use, so PostgreSQL parses and plans each once per connection instead of on every call
    /// (EF Core's SQL is stable per query shape) and get a generic plan; the pool is sized for these machines;
    /// connections go back to the pool without a server-side reset. A Max Auto Prepare, pool size or
    /// plan_cache_mode set in the connection string wins.
    /// </summary>
    internal static string? WithConnectionDefaults(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Npgsql's default of 100 connections per service is more than two cores' worth of backends: under
        // overload the extra requests are better queued in the pool than as sleeping server processes.
        if (builder.MaxPoolSize == 100)
        {
            builder.MaxPoolSize = 32;
        }

        // No session state outlives a use of a pooled connection here (locks are transaction-scoped, no SET),
        // so the server-side reset on every return to the pool is work for nothing.
        builder.NoResetOnClose = true;

        // A prepared statement is planned once per connection, not again for every execution's values. The
        // platform's statements are key and index lookups whose best plan does not depend on the values; with
        // PostgreSQL's default, a statement whose generic plan merely looks dearer (a GIN or = ANY lookup) is
        // re-planned on every call, and planning was most of the database's time per submission.
        if (builder.Options?.Contains(PlanCacheMode, StringComparison.Ordinal) != true)
        {
            builder.Options = $"{builder.Options} -c {PlanCacheMode}=force_generic_plan".TrimStart();
        }

        return builder.ConnectionString;
    }

    /// <summary>The outbox dispatcher's connections: the service's database, a small pool of their own.</summary>
    internal static string? OutboxConnection(string? connectionString) =>
        string.IsNullOrEmpty(connectionString)
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "outbox-dispatcher", MaxPoolSize = 2 }.ConnectionString;

    /// <summary>MassTransit on the AppHost's RabbitMQ: kebab-case endpoints, immediate retries, then the _error queue.</summary>
    public static IHostApplicationBuilder AddPlatformMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers)
    {
        var connectionString = builder.Configuration.GetConnectionString(ServiceDefaults.ResourceNames.RabbitMq)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ServiceDefaults.ResourceNames.RabbitMq} is not set.");
        // Registered before the bus, so the whole map is on the broker before anything is published or consumed.
        var quorumQueues = builder.Configuration.GetValue(MessagingTopology.QuorumQueuesSetting, false);
        builder.Services.AddHostedService(sp => new MessagingTopology(new Uri(connectionString), quorumQueues, sp.GetRequiredService<ILogger<MessagingTopology>>()));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            if (quorumQueues)
            {
                // The same queue type as the topology declares, or the broker refuses the second declaration.
                bus.AddConfigureEndpointsCallback((_, configurator) =>
                {
                    if (configurator is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                // No delayed-message plugin on these brokers: retry at once, then park in the _error queue.
                rabbit.UseMessageRetry(retry => retry.Immediate(5));
                rabbit.UseConsumeFilter(typeof(Tracing.SubjectTagFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Health, gRPC reflection and health for a domain service; the caller maps its own gRPC services.</summary>
    public static WebApplication MapPlatformEndpoints(this WebApplication app)
    {
        app.UseAdmissionControl();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcService<OperationsGrpcService>();
        return app;
    }

    /// <summary>
    /// The naming convention also names the migrations history table's columns (migration_id, product_version);
    /// a database created before the convention was adopted has them as MigrationId and ProductVersion, and is
    /// brought in line once, before the migrations read it.
    /// </summary>
    private const string SnakeCaseMigrationsHistory = """
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '__EFMigrationsHistory' AND column_name = 'MigrationId') THEN
                ALTER TABLE "__EFMigrationsHistory" RENAME COLUMN "MigrationId" TO migration_id;
                ALTER TABLE "__EFMigrationsHistory" RENAME COLUMN "ProductVersion" TO product_version;
            END IF;
        END $$;
        """;

    internal static async Task RenameMigrationsHistoryColumnsAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync(SnakeCaseMigrationsHistory, cancellationToken);
        }
    }

    /// <summary>Applies the committed migrations before the service takes traffic, waiting for PostgreSQL to accept connections.</summary>
    public static async Task MigrateDatabaseAsync<TDb>(this WebApplication app)
        where TDb : PlatformDbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Huangpu.Migrations");
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 30,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "Database not ready (attempt {Attempt}); retrying", args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(async ct =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            await RenameMigrationsHistoryColumnsAsync(db, ct);
            await db.Database.MigrateAsync(ct);
        }, app.Lifetime.ApplicationStopping);
    }
}

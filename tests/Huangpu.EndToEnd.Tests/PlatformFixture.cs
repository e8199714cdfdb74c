using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// Starts the whole AppHost once for the end-to-end tests, on free ports and a throwaway state folder,
/// so it never collides with a running <c>./run.sh</c>.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private string _stateDirectory = NewStateDirectory();
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform has not started.");

    public Uri RestAddress { get; private set; } = null!;

    public Uri GrpcAddress { get; private set; } = null!;

    public HttpClient Rest { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    /// <summary>A second gateway replica beside the first, sharing its Redis (the rate limits' counts).</summary>
    public Uri SecondRestAddress { get; private set; } = null!;

    public Uri SecondGrpcAddress { get; private set; } = null!;

    /// <summary>A client (token subject) whose rate limit is <see cref="RateLimitedClientPermits"/> calls per route and window.</summary>
    public const string RateLimitedClient = "rate-limit-probe";

    public const int RateLimitedClientPermits = 6;

    /// <summary>Where every platform process sends its spans (the dashboard's place in Development).</summary>
    public Otlp.TraceCollector Traces { get; private set; } = null!;

    /// <summary>The suite's RabbitMQ, for tests that look at or change the broker itself.</summary>
    public Uri Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Traces = await Otlp.TraceCollector.StartAsync();
        // A start that fails before anything runs (the orchestrator not answering in time on a busy machine) is
        // retried once from nothing: new ports, a new state folder.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartPlatformAsync();
                return;
            }
            catch (Exception failure)
            {
                await RecordStartFailureAsync(attempt, failure);
                if (attempt == StartAttempts || failure is OutOfMemoryException)
                {
                    throw;
                }

                await StopPlatformAsync();
                DeleteStateDirectory();
                _stateDirectory = NewStateDirectory();
            }
        }
    }

    /// <summary>How many times the fixture tries to start the suite before the tests fail.</summary>
    public const int StartAttempts = 2;

    /// <summary>Where a failed start is summarised (what failed and the log just before it); <c>./test.sh</c> prints it.</summary>
    public static string StartFailuresPath => Path.Combine(AppContext.BaseDirectory, "TestResults", "platform-start-failures.log");

    private static string ApphostLogPath => Path.Combine(AppContext.BaseDirectory, "TestResults", "apphost.log");

    private static string NewStateDirectory() => Path.Combine(Path.GetTempPath(), $"huangpu-e2e-{Guid.NewGuid():N}");

    private async Task StartPlatformAsync()
    {
        Directory.CreateDirectory(_stateDirectory);
        // The postgres user must reach its data folder below this one.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_stateDirectory, (UnixFileMode)0b111_101_101);
        }
        var ports = FreePorts(9);
        RestAddress = new Uri($"http://127.0.0.1:{ports[5]}");
        Broker = new Uri($"amqp://guest:guest@127.0.0.1:{ports[1]}/");
        GrpcAddress = new Uri($"http://127.0.0.1:{ports[6]}");
        SecondRestAddress = new Uri($"http://127.0.0.1:{ports[7]}");
        SecondGrpcAddress = new Uri($"http://127.0.0.1:{ports[8]}");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Huangpu_AppHost>(
            [
                $"Huangpu:StateDirectory={_stateDirectory}",
                $"Huangpu:Ports:Postgres={ports[0]}",
                $"Huangpu:Ports:RabbitMq={ports[1]}",
                $"Huangpu:Ports:RabbitMqDistribution={ports[2]}",
                $"Huangpu:Ports:Epmd={ports[3]}",
                $"Huangpu:Ports:Redis={ports[4]}",
                $"HP_GATEWAY_PORT={ports[5]}",
                $"HP_GATEWAY_GRPC_PORT={ports[6]}",
                $"Huangpu:SecondGateway:RestPort={ports[7]}",
                $"Huangpu:SecondGateway:GrpcPort={ports[8]}",
                $"RateLimits:Clients:{RateLimitedClient}={RateLimitedClientPermits}",
                // Every service twice against the same databases and broker, as a deployment runs them.
                "Huangpu:SecondInstances=true",
                // The tiers' nice wrappers run, at almost the test hosts' own priority: the tests share the cores with
                // other test hosts, which must not take precedence over the suite whose answers they wait for.
                "Huangpu:BackendNice=1",
                "Huangpu:BackgroundNice=1",
                $"Huangpu:OtlpEndpoint={Traces.Address.ToString().TrimEnd('/')}",
                // The orchestrator's first answer may take longer than its default minute while the other test
                // hosts start on the same two cores.
                "DcpPublisher:KubernetesInitializationAdditionalTimeout=00:02:00",
            ],
            (options, _) =>
            {
                options.DisableDashboard = true;
                options.AllowUnsecuredTransport = true;
            });
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new FileLoggerProvider(ApphostLogPath)));
        _app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway-2", timeout.Token);

        Rest = new HttpClient { BaseAddress = RestAddress, Timeout = TimeSpan.FromSeconds(30) };
        Grpc = GrpcChannel.ForAddress(GrpcAddress);
    }

    private static async Task RecordStartFailureAsync(int attempt, Exception failure)
    {
        // The AppHost's log up to the failure, read after its writer has had a moment to catch up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var logTail = File.Exists(ApphostLogPath)
            ? (await ReadSharedAsync(ApphostLogPath)).Split('\n').TakeLast(25)
            : ["(no AppHost log)"];
        Directory.CreateDirectory(Path.GetDirectoryName(StartFailuresPath)!);
        await File.AppendAllLinesAsync(StartFailuresPath,
        [
            $"{DateTimeOffset.UtcNow:O} start attempt {attempt} of {StartAttempts} failed: {failure.GetType().FullName}: {failure.Message}",
            $"  innermost: {failure.GetBaseException().GetType().FullName}: {failure.GetBaseException().Message}",
            "  the AppHost log before it:",
            .. logTail.Select(line => "    " + line.TrimEnd('\r')),
        ]);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task StopPlatformAsync()
    {
        Rest?.Dispose();
        Grpc?.Dispose();
        if (_app is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private void DeleteStateDirectory()
    {
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its files; the folder is under /tmp.
        }
        catch (UnauthorizedAccessException)
        {
            // A file the postgres user made unreadable; the folder is under /tmp.
        }
    }

    public async Task DisposeAsync()
    {
        await StopPlatformAsync();
        if (Traces is not null)
        {
            await Traces.DisposeAsync();
        }

        DeleteStateDirectory();
    }

    /// <summary>A development token from the gateway's <c>/dev/token</c>.</summary>
    public Task<string> TokenAsync(string role, string? organizationUscc = null, string? bureau = null, string? subject = null) =>
        Huangpu.Contracts.DevelopmentTokens.RequestAsync(Rest, new(role, organizationUscc, bureau, subject));

    /// <summary>
    /// A token signed with the suite's key carrying exactly these claims (beside issuer, audience and lifetime):
    /// what an identity provider other than /dev/token might issue.
    /// </summary>
    /// <param name="expiresIn">The lifetime from now (negative: expired); an hour by default.</param>
    /// <param name="key">Another signing key than the suite's (a forgery).</param>
    /// <param name="algNone">The header says <c>alg: none</c> and there is no signature.</param>
    public string SignToken(IReadOnlyDictionary<string, string> claims, TimeSpan? expiresIn = null, byte[]? key = null, bool algNone = false)
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        key ??= System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(_stateDirectory, "jwt-signing-key")).Trim());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expires = now + (long)(expiresIn ?? TimeSpan.FromHours(1)).TotalSeconds;
        var payload = new Dictionary<string, object>(claims.ToDictionary(c => c.Key, c => (object)c.Value))
        {
            ["iss"] = "huangpu-platform",
            ["aud"] = "huangpu-platform",
            ["nbf"] = Math.Min(now, expires) - 60,
            ["iat"] = Math.Min(now, expires) - 60,
            ["exp"] = expires,
        };
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = algNone ? "none" : "HS256", typ = "JWT" }));
        var body = $"{header}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        return algNone ? $"{body}." : $"{body}.{Base64Url(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(body)))}";
    }

    /// <summary>The treasury simulator's own port (its control service: how it answers instructions).</summary>
    public GrpcChannel TreasurySimulator() => GrpcChannel.ForAddress(App.GetEndpoint("treasury", "http"));

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    /// <summary>Stops a resource (SIGTERM through DCP) and waits until it is down.</summary>
    public async Task StopResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await App.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(result.Success, $"stopping {name}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(name, s => s.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", timeout.Token);
    }

    /// <summary>The resources of every instance of a service (the fixture runs two of each).</summary>
    public static IReadOnlyList<string> InstancesOf(string service) => [service, $"{service}-2"];

    /// <summary>Stops every instance of a service.</summary>
    public async Task StopServiceAsync(string service)
    {
        foreach (var instance in InstancesOf(service))
        {
            await StopResourceAsync(instance);
        }
    }

    /// <summary>Starts every instance of a service again.</summary>
    public async Task StartServiceAsync(string service)
    {
        foreach (var instance in InstancesOf(service))
        {
            await StartResourceAsync(instance);
        }
    }

    /// <summary>Starts a stopped resource and waits until its health checks pass.</summary>
    public async Task StartResourceAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await App.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"starting {name}: {result.Message}");
        // The command returns before the new process's state is published: until then the snapshot still says
        // "Exited", which a health wait would take for a failed start. Wait for the new run first.
        await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.Running, timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
    }

    /// <summary>Free ports for the suite's servers and gateways (<see cref="Huangpu.AppHost.LoopbackPorts.Free"/>).</summary>
    private static int[] FreePorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            ports.Add(Huangpu.AppHost.LoopbackPorts.Free(ports));
        }

        return [.. ports];
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformTestGroup : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

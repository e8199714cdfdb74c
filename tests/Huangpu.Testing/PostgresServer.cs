using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Huangpu.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 for in-process tests, started by the AppHost's own script on a free port
/// and a temporary folder, stopped with a fast shutdown at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"huangpu-pg-{Guid.NewGuid():N}");
    private Process? _process;

    private string _server = string.Empty;

    /// <summary>A database of its own for a test class; EF migrations or EnsureCreated create it.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public string ConnectionStringFor(string database) => $"{_server};Database={database};Pooling=true";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_state);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must reach its data folder below this one.
            File.SetUnixFileMode(_state, (UnixFileMode)0b111_101_101);
        }
        var password = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(Path.Combine(_state, "password"), password);
        var port = Huangpu.AppHost.LoopbackPorts.Free();
        var script = Path.Combine(RepositoryRoot(), "aspire", "Huangpu.AppHost", "servers", "postgres.sh");
        _process = Process.Start(new ProcessStartInfo("bash", [script, _state, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        _server = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password}";
        ConnectionString = ConnectionStringFor("tests");
        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Pooling=false";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for clients to disconnect).
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // under /tmp; a file still closing
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HuangpuPlatform.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

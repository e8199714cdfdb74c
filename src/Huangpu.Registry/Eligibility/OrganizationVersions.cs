using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Huangpu.Registry.Eligibility;

/// <summary>
/// The current version of each organisation as this process knows it, so an eligibility cache hit needs no
/// database round trip. It is trusted only while the <see cref="OrganizationVersionListener"/> holds its
/// LISTEN: PostgreSQL delivers the trigger's notification of every committed version change (from any
/// replica), and this process's own commits are applied before the write answers (read-your-writes).
/// Whenever the listener loses its connection the table is emptied and every read goes to PostgreSQL again.
/// </summary>
public sealed class OrganizationVersions
{
    /// <summary>The notification channel the <c>organizations</c> trigger speaks on; payload "uscc version".</summary>
    public const string Channel = "registry_organization_version";

    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _epoch;
    private bool _live;

    /// <summary>Incremented whenever trust in the table starts or ends; a read started in another epoch is not stored.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    public bool IsLive => Volatile.Read(ref _live);

    public bool TryGet(string uscc, out long version)
    {
        version = 0;
        return Volatile.Read(ref _live) && _versions.TryGetValue(uscc, out version);
    }

    /// <summary>A version read from PostgreSQL at <paramref name="epoch"/>: kept only if the epoch is still the live one.</summary>
    public void Remember(string uscc, long version, long epoch)
    {
        lock (_gate)
        {
            if (_live && epoch == _epoch)
            {
                _versions.AddOrUpdate(uscc, version, (_, known) => Math.Max(known, version));
            }
        }
    }

    /// <summary>A committed change (a notification or this process's own commit): versions only move forward.</summary>
    public void Committed(string uscc, long version)
    {
        lock (_gate)
        {
            if (_live)
            {
                _versions.AddOrUpdate(uscc, version, (_, known) => Math.Max(known, version));
            }
        }
    }

    /// <summary>The listener holds its LISTEN: start trusting from an empty table (anything before is unknown).</summary>
    public void Listening()
    {
        lock (_gate)
        {
            _versions.Clear();
            _epoch++;
            Volatile.Write(ref _live, true);
        }
    }

    /// <summary>The listener lost its connection: notifications may be missed, so trust nothing.</summary>
    public void Lost()
    {
        lock (_gate)
        {
            Volatile.Write(ref _live, false);
            _epoch++;
            _versions.Clear();
        }
    }
}

/// <summary>
/// Applies this process's own organisation version changes to <see cref="OrganizationVersions"/> once their
/// transaction has committed (never before: a reader must not evaluate a version PostgreSQL does not show yet).
/// </summary>
public sealed class OrganizationVersionInterceptor(OrganizationVersions versions) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(string Uscc, long Version)>> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ApplyIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ApplyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Apply(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<Organization>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                _pending.GetOrCreateValue(context).Add((entry.Entity.Uscc, entry.Entity.Version));
            }
        }
    }

    private void ApplyIfCommitted(DbContext? context)
    {
        // Without an explicit transaction SaveChanges committed its own; inside one, wait for the commit.
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Apply(context);
        }
    }

    private void Apply(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var changes))
        {
            return;
        }

        foreach (var (uscc, version) in changes)
        {
            versions.Committed(uscc, version);
        }

        changes.Clear();
    }

    private void Discard(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var changes))
        {
            changes.Clear();
        }
    }
}

/// <summary>
/// Holds a LISTEN on <see cref="OrganizationVersions.Channel"/> and feeds every committed version change into
/// <see cref="OrganizationVersions"/>; on any failure it withdraws trust and reconnects.
/// </summary>
public sealed partial class OrganizationVersionListener(
    IServiceScopeFactory scopes,
    OrganizationVersions versions,
    TimeProvider clock,
    ILogger<OrganizationVersionListener> logger) : BackgroundService
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        using (var scope = scopes.CreateScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Database.GetConnectionString()
                ?? throw new InvalidOperationException("The Registry database has no connection string.");
        }

        // A connection of its own, never pooled: a LISTEN must not outlive it on a connection others reuse.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {OrganizationVersions.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                versions.Listening();
                LogListening(logger);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(Heartbeat, stoppingToken))
                    {
                        // Quiet for a while: prove the connection is still there (a dead one throws).
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogLost(logger, ex);
            }
            finally
            {
                // Whatever ended the LISTEN (failure or shutdown), notifications may be missed from here on.
                versions.Lost();
            }

            await Task.Delay(Reconnect, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void OnNotification(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && long.TryParse(payload.AsSpan(space + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            versions.Committed(payload[..space], version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for organisation version changes: eligibility cache hits no longer read PostgreSQL")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organisation version listener lost its connection; reading versions from PostgreSQL until it reconnects")]
    private static partial void LogLost(ILogger logger, Exception exception);
}

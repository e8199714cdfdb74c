using System.ComponentModel;
using System.Data;
using System.Globalization;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Huangpu.Registry.Eligibility;

/// <summary>The evaluated rules of one organisation version on one date, as cached (immutable: HybridCache hands out the same instance).</summary>
[ImmutableObject(true)]
public sealed record EligibilityOutcome(long Version, IReadOnlyList<FailedRule> FailedRules);

/// <summary>
/// Eligibility through HybridCache (memory, then Redis). The key carries the organisation's version (bumped
/// by every change, credit records included) and the rule options, so a change can never be served stale.
/// The version comes from <see cref="OrganizationVersions"/> when it is live (no database round trip on a
/// hit), else from PostgreSQL; a cached outcome is always evaluated from a snapshot of exactly that version.
/// A singleton: a hit touches no database, and a miss reads in a scope of its own, because HybridCache may
/// share one evaluation among callers and it must not live in the scope of whichever caller started it.
/// </summary>
public sealed class EligibilityService(IServiceScopeFactory scopes, HybridCache cache, OrganizationVersions versions, IOptionsMonitor<EligibilityOptions> options)
{
    /// <summary>The rules answers are evaluated under now (<see cref="EligibilityRules.RulesVersion"/>).</summary>
    public string RulesVersion => EligibilityRules.RulesVersion(options.CurrentValue);

    private static readonly HybridCacheEntryOptions EntryOptions = new() { Expiration = TimeSpan.FromHours(6), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    private static readonly Func<RegistryDbContext, string, CancellationToken, Task<long?>> VersionOf = EF.CompileAsyncQuery(
        (RegistryDbContext db, string uscc, CancellationToken _) => db.Organizations.Where(o => o.Uscc == uscc).Select(o => (long?)o.Version).SingleOrDefault());

    public async Task<EligibilityOutcome?> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (!versions.TryGet(uscc, out var version))
        {
            var epoch = versions.Epoch;
            await using var scope = scopes.CreateAsyncScope();
            var read = await VersionOf(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), uscc, cancellationToken);
            if (read is null)
            {
                return null;
            }

            version = read.Value;
            versions.Remember(uscc, version, epoch);
        }

        var rules = options.CurrentValue;
        var key = string.Create(CultureInfo.InvariantCulture,
            $"registry:eligibility:{uscc}:v{version}:{asOf:O}:{string.Join('+', rules.HuangpuDistrictCodes)}:{rules.RequireTaxInHuangpu}");
        try
        {
            return await cache.GetOrCreateAsync(
                key,
                (self: this, uscc, asOf, rules, version),
                static async (s, ct) => await s.self.EvaluateAsync(s.uscc, s.asOf, s.rules, s.version, ct) ?? throw new VersionMovedException(),
                EntryOptions,
                cancellationToken: cancellationToken);
        }
        catch (VersionMovedException)
        {
            // Another replica's commit not yet announced here (or the organisation is gone): answer from the
            // database as it is now, without caching under a key that names another version.
            return await EvaluateAsync(uscc, asOf, rules, expectedVersion: null, cancellationToken);
        }
    }

    /// <summary>
    /// The first check's costs paid before the instance reports ready: the version and snapshot queries compiled
    /// and run once (for a code no organisation has), and the cache's connection to Redis made by one round trip.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        const string NoOrganization = "WARM-UP";
        await CheckAsync(NoOrganization, DateOnly.MinValue, cancellationToken);
        await EvaluateAsync(NoOrganization, DateOnly.MinValue, options.CurrentValue, expectedVersion: null, cancellationToken);
        await cache.GetOrCreateAsync("registry:warm-up", static _ => ValueTask.FromResult(true), WarmUpEntryOptions, cancellationToken: cancellationToken);
    }

    private static readonly HybridCacheEntryOptions WarmUpEntryOptions = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    /// <summary>The rules on one snapshot of the organisation and its credit records; null when the version is not <paramref name="expectedVersion"/>.</summary>
    private async Task<EligibilityOutcome?> EvaluateAsync(string uscc, DateOnly asOf, EligibilityOptions rules, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();

        // Read-only snapshot, rolled back on dispose: the organisation and its credit records as of one instant.
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Uscc == uscc, cancellationToken);
        if (organization is null || (expectedVersion is { } expected && organization.Version != expected))
        {
            return null;
        }

        var credit = await db.CreditRecords.AsNoTracking().Where(c => c.Uscc == uscc).ToListAsync(cancellationToken);
        return new EligibilityOutcome(organization.Version, EligibilityRules.Evaluate(organization.Facts(credit), asOf, rules));
    }

    private sealed class VersionMovedException : Exception;
}

/// <summary>Readiness waits for the eligibility check's first costs (<see cref="EligibilityService.WarmUpAsync"/>).</summary>
internal sealed class EligibilityWarmUp(EligibilityService eligibility) : Huangpu.BuildingBlocks.Hosting.IStartupWarmUp
{
    public Task WarmUpAsync(CancellationToken cancellationToken) => eligibility.WarmUpAsync(cancellationToken);
}

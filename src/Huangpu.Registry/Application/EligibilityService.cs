using System.ComponentModel;
using System.Globalization;
using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Huangpu.Registry.Application;

/// <summary>The evaluated rules of one organisation version on one date, as cached (immutable: HybridCache hands out the same instance).</summary>
[ImmutableObject(true)]
public sealed record EligibilityOutcome(long Version, IReadOnlyList<FailedRule> FailedRules);

/// <summary>
/// Eligibility through HybridCache (memory, then Redis). The key carries the organisation's version (bumped
/// by every change, credit records included) and the rule options, so a change can never be served stale:
/// only the cheap version read goes to PostgreSQL on a hit.
/// </summary>
public sealed class EligibilityService(RegistryDbContext db, HybridCache cache, IOptionsMonitor<EligibilityOptions> options)
{
    private static readonly HybridCacheEntryOptions EntryOptions = new() { Expiration = TimeSpan.FromHours(6), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    private static readonly Func<RegistryDbContext, string, CancellationToken, Task<long?>> VersionOf = EF.CompileAsyncQuery(
        (RegistryDbContext db, string uscc, CancellationToken _) => db.Organizations.Where(o => o.Uscc == uscc).Select(o => (long?)o.Version).SingleOrDefault());

    public async Task<EligibilityOutcome?> CheckAsync(string uscc, DateOnly asOf, CancellationToken cancellationToken)
    {
        var version = await VersionOf(db, uscc, cancellationToken);
        if (version is null)
        {
            return null;
        }

        var rules = options.CurrentValue;
        var key = string.Create(CultureInfo.InvariantCulture,
            $"registry:eligibility:{uscc}:v{version}:{asOf:yyyy-MM-dd}:{string.Join('+', rules.HuangpuDistrictCodes)}:{rules.RequireTaxInHuangpu}");
        return await cache.GetOrCreateAsync(key, (uscc, asOf, rules), async (state, ct) => await EvaluateAsync(state.uscc, state.asOf, state.rules, ct), EntryOptions, cancellationToken: cancellationToken);
    }

    private async Task<EligibilityOutcome> EvaluateAsync(string uscc, DateOnly asOf, EligibilityOptions rules, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Uscc == uscc, cancellationToken);
        var credit = await db.CreditRecords.AsNoTracking().Where(c => c.Uscc == uscc).ToListAsync(cancellationToken);
        return new EligibilityOutcome(organization.Version, EligibilityRules.Evaluate(organization.Facts(credit), asOf, rules));
    }
}

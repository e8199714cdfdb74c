using System.Globalization;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.Grpc.Applications.V1;
using Microsoft.Extensions.Caching.Memory;

namespace Huangpu.Compliance.Risk;

/// <summary>
/// What the risk rules check an award against, as the catalog states it: the policy's validity (inclusive dates in
/// Asia/Shanghai) and the cap of every item awarded "不超过 N 万元". Read from the catalog's owner (Applications),
/// never copied: the rules are a second look at the same terms.
/// </summary>
public sealed record PolicyTerms(string PolicyId, DateOnly ValidFrom, DateOnly ValidTo, IReadOnlyDictionary<string, long> CapFenByItem)
{
    /// <summary>The days before the end on which its officers are reminded each day (from the day <c>ReminderDays</c> before the end through the end day).</summary>
    public const int ReminderDays = 30;

    public bool EndedBefore(DateOnly date) => date > ValidTo;

    /// <summary>From <see cref="ReminderDays"/> days before the end through the end day.</summary>
    public bool IsEndingOn(DateOnly date) => date <= ValidTo && date >= ValidTo.AddDays(-ReminderDays);

    public long? CapOf(string itemCode) => CapFenByItem.TryGetValue(itemCode, out var cap) ? cap : null;
}

public interface IPolicyTerms
{
    /// <summary>Every policy of the catalog. Throws when the catalog cannot be read and none was read before.</summary>
    Task<IReadOnlyList<PolicyTerms>> AllAsync(CancellationToken cancellationToken);
}

public static class PolicyTermsExtensions
{
    public static async Task<PolicyTerms?> FindAsync(this IPolicyTerms terms, string policyId, CancellationToken cancellationToken) =>
        (await terms.AllAsync(cancellationToken)).FirstOrDefault(p => string.Equals(p.PolicyId, policyId, StringComparison.Ordinal));
}

/// <summary>
/// The catalog over gRPC on the service's own account, kept for <see cref="Freshness"/>; when Applications cannot
/// be asked, the terms last read serve (a catalog changes only with a deployment).
/// </summary>
public sealed class CatalogPolicyTerms(ApplicationsService.ApplicationsServiceClient applications, ServiceCredentials credentials, IMemoryCache cache, TimeProvider clock) : IPolicyTerms
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(10);
    private static readonly object FreshKey = new();
    private IReadOnlyList<PolicyTerms>? _lastRead;

    public async Task<IReadOnlyList<PolicyTerms>> AllAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(FreshKey, out IReadOnlyList<PolicyTerms>? fresh) && fresh is not null)
        {
            return fresh;
        }

        try
        {
            var response = await applications.ListPoliciesAsync(new ListPoliciesRequest(), credentials.Headers(), deadline: clock.GetUtcNow().UtcDateTime.AddSeconds(5), cancellationToken: cancellationToken);
            var read = response.Policies.Select(ToTerms).ToList();
            cache.Set(FreshKey, (IReadOnlyList<PolicyTerms>)read, Freshness);
            _lastRead = read;
            return read;
        }
        catch (global::Grpc.Core.RpcException) when (_lastRead is { } stale)
        {
            return stale;
        }
    }

    internal static PolicyTerms ToTerms(Policy policy) => new(
        policy.PolicyId,
        DateOnly.ParseExact(policy.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly.ParseExact(policy.ValidTo, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        policy.Groups.SelectMany(g => g.Measures).SelectMany(m => m.Items)
            .Where(i => i.AwardRule == AwardRule.Cap && i.CapFen > 0)
            .ToDictionary(i => i.Code, i => i.CapFen, StringComparer.Ordinal));
}

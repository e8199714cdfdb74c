using Huangpu.Registry.Domain;
using Huangpu.Registry.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Registry.Eligibility;

/// <summary>
/// The organisations linked to one: every other holder of one of its keys (<see cref="OrganizationLinkKey"/>),
/// and the corporate shareholders it names even when they are not registered here.
/// </summary>
public sealed class OrganizationLinkQuery(RegistryDbContext db)
{
    /// <summary>Null when the organisation is not registered.</summary>
    public async Task<IReadOnlyList<OrganizationLink>?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        var mine = await db.Organizations.AsNoTracking()
            .Where(o => o.Uscc == uscc)
            .Select(o => o.LinkKeys)
            .SingleOrDefaultAsync(cancellationToken);
        if (mine is null)
        {
            return null;
        }

        var keys = mine.Select(k => k.Key).Distinct().ToArray();
        var holders = await db.Database.SqlQuery<KeyHolder>(
                $"SELECT uscc AS \"Uscc\", key AS \"Key\", role AS \"Role\" FROM organization_link_keys WHERE key = ANY({keys}) AND uscc <> {uscc}")
            .ToListAsync(cancellationToken);

        var reasons = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string other, string reason)
        {
            if (!reasons.TryGetValue(other, out var set))
            {
                reasons[other] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(reason);
        }

        foreach (var holder in holders)
        {
            var theirs = Enum.Parse<LinkRole>(holder.Role);
            foreach (var key in mine.Where(k => k.Key == holder.Key))
            {
                Add(holder.Uscc, OrganizationLink.Reason(key.Role, theirs));
            }
        }

        // A corporate shareholder named in the record is linked whether or not it is registered here.
        foreach (var key in mine.Where(k => k.Role != LinkRole.Self && k.Key.StartsWith(OrganizationLinkKey.OrganizationPrefix, StringComparison.Ordinal)))
        {
            Add(key.Key[OrganizationLinkKey.OrganizationPrefix.Length..], "SHAREHOLDING");
        }

        reasons.Remove(uscc);
        return [.. reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new OrganizationLink(r.Key, [.. r.Value]))];
    }

    private sealed record KeyHolder(string Uscc, string Key, string Role);
}

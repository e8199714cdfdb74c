namespace Huangpu.Registry.Domain;

/// <summary>
/// An entry on a list (经营异常名录, 严重失信主体名单): active on D when listedOn ≤ D and
/// (no removedOn, or D &lt; removedOn) — the removal day itself is no longer listed.
/// </summary>
public static class Listing
{
    public static bool IsActiveOn(DateOnly listedOn, DateOnly? removedOn, DateOnly date) =>
        listedOn <= date && (removedOn is null || date < removedOn);
}

/// <summary>An abnormal-operation listing (经营异常名录) from the market-supervision feed.</summary>
public sealed record AbnormalOperationListing(string SourceRecordId, DateOnly ListedOn, DateOnly? RemovedOn, string Reason)
{
    public bool IsActiveOn(DateOnly date) => Listing.IsActiveOn(ListedOn, RemovedOn, date);
}

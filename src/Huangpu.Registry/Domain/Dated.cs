namespace Huangpu.Registry.Domain;

/// <summary>
/// A qualification held over a period (人力资源服务许可证, 备案, 劳务派遣经营许可证): valid on D when
/// validFrom ≤ D ≤ validTo (both inclusive); a filing without an end date stays valid.
/// </summary>
public sealed record Licence(string Number, string Issuer, DateOnly ValidFrom, DateOnly? ValidTo)
{
    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date <= ValidTo);
}

/// <summary>
/// An entry on a list (经营异常名录, 严重失信主体名单): active on D when listedOn ≤ D and
/// (no removedOn, or D &lt; removedOn) — the removal day itself is no longer listed.
/// </summary>
public static class Listing
{
    public static bool IsActiveOn(DateOnly listedOn, DateOnly? removedOn, DateOnly date) =>
        listedOn <= date && (removedOn is null || date < removedOn);
}

public enum RegistrationStatus
{
    Unspecified = 0,
    InBusiness = 1,
    Revoked = 2,
    Cancelled = 3,
}

public enum CreditRecordKind
{
    Unspecified = 0,
    SeriousDishonesty = 1,
}

/// <summary>A record of the credit system, kept by USCC even before that organisation registers.</summary>
public sealed class CreditRecord
{
    public required string SourceRecordId { get; set; }

    public required string Uscc { get; set; }

    public CreditRecordKind Kind { get; set; }

    public DateOnly ListedOn { get; set; }

    public DateOnly? RemovedOn { get; set; }

    public string Authority { get; set; } = string.Empty;

    public string DocumentNumber { get; set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; set; }

    public bool IsActiveOn(DateOnly date) => Listing.IsActiveOn(ListedOn, RemovedOn, date);
}

/// <summary>An abnormal-operation listing (经营异常名录) from the market-supervision feed.</summary>
public sealed record AbnormalOperationListing(string SourceRecordId, DateOnly ListedOn, DateOnly? RemovedOn, string Reason)
{
    public bool IsActiveOn(DateOnly date) => Listing.IsActiveOn(ListedOn, RemovedOn, date);
}

namespace Huangpu.Registry.Domain;

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

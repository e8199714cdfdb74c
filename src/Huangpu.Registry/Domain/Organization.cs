namespace Huangpu.Registry.Domain;

public enum LegalForm
{
    Unspecified = 0,
    LegalEntity = 1,
    NonLegalEntity = 2,
}

/// <summary>Where a value came from: the applicant, an officer, or a partner bureau's feed.</summary>
public enum DataSource
{
    Applicant = 1,
    Officer = 2,
    PartnerFeed = 3,
}

/// <summary>An HR service organisation (人力资源服务机构), identified by its USCC.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public string Uscc { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public LegalForm LegalForm { get; private set; }

    public string RegisteredAddress { get; private set; } = string.Empty;

    /// <summary>Administrative division of the registered domicile (e.g. 310101 Huangpu), from the registration record.</summary>
    public string RegisteredDistrictCode { get; private set; } = string.Empty;

    public string TaxDistrictCode { get; private set; } = string.Empty;

    public long Version { get; private set; }

    public DataSource Source { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public List<string> Warnings { get; private set; } = [];

    public static Organization Register(
        string uscc,
        string name,
        LegalForm legalForm,
        string registeredAddress,
        string registeredDistrictCode,
        string taxDistrictCode,
        DataSource source,
        string actor,
        IReadOnlyList<string> warnings,
        DateTimeOffset now) => new()
        {
            Uscc = uscc,
            Name = name,
            LegalForm = legalForm,
            RegisteredAddress = registeredAddress,
            RegisteredDistrictCode = registeredDistrictCode,
            TaxDistrictCode = taxDistrictCode,
            Source = source,
            CreatedBy = actor,
            Warnings = [.. warnings],
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
}

using System.Text;

namespace Huangpu.Registry.Domain;

/// <summary>What ties an organisation to another, as recusal (回避) asks it.</summary>
public enum LinkRole
{
    /// <summary>The organisation itself, so that another naming it as a shareholder finds it.</summary>
    Self = 0,
    LegalRepresentative = 1,
    Shareholder = 2,
    SeniorManager = 3,
    RegisteredAddress = 4,
}

/// <summary>
/// One key by which organisations are linked: a natural person (by the keyed hash of the ID number, never the
/// number), an organisation (by USCC: the organisation itself or its corporate shareholder), or a normalised
/// registered address. Two organisations sharing a key are linked; the keys are derived from the record on
/// every change, so the lookup is an index probe, not a scan of every organisation's people.
/// </summary>
public sealed record OrganizationLinkKey(string Key, LinkRole Role)
{
    public const string PersonPrefix = "person:";
    public const string OrganizationPrefix = "org:";
    public const string AddressPrefix = "address:";

    /// <summary>Every key of an organisation's record.</summary>
    public static IReadOnlyList<OrganizationLinkKey> Of(string uscc, string registeredAddress, Person? legalRepresentative, IEnumerable<Person> shareholders, IEnumerable<Person> seniorManagers)
    {
        var keys = new List<OrganizationLinkKey> { new(OrganizationPrefix + uscc, LinkRole.Self) };
        void Add(Person person, LinkRole role)
        {
            if (person.IdNumberHash is { Length: > 0 } hash)
            {
                keys.Add(new(PersonPrefix + hash, role));
            }

            if (person.Uscc is { Length: > 0 } owner)
            {
                keys.Add(new(OrganizationPrefix + owner, role));
            }
        }

        if (legalRepresentative is not null)
        {
            Add(legalRepresentative, LinkRole.LegalRepresentative);
        }

        foreach (var shareholder in shareholders)
        {
            Add(shareholder, LinkRole.Shareholder);
        }

        foreach (var manager in seniorManagers)
        {
            Add(manager, LinkRole.SeniorManager);
        }

        if (NormalizeAddress(registeredAddress) is { Length: > 0 } address)
        {
            keys.Add(new(AddressPrefix + address, LinkRole.RegisteredAddress));
        }

        return [.. keys.Distinct()];
    }

    /// <summary>An address as two records of the same place compare: NFKC, no whitespace, case-folded.</summary>
    public static string NormalizeAddress(string address)
    {
        var folded = new StringBuilder(address.Length);
        foreach (var c in address.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }
}

/// <summary>Another organisation linked to the one asked about, and how.</summary>
public sealed record OrganizationLink(string Uscc, IReadOnlyList<string> Reasons)
{
    /// <summary>
    /// The reason a shared key gives, from the asked organisation's side: a person it shares (as whatever role
    /// on either side), its registered address, or a shareholding between the two.
    /// </summary>
    public static string Reason(LinkRole mine, LinkRole theirs) => (mine, theirs) switch
    {
        (LinkRole.RegisteredAddress, _) => "SHARED_REGISTERED_ADDRESS",
        (LinkRole.Self, _) or (_, LinkRole.Self) => "SHAREHOLDING",
        (LinkRole.LegalRepresentative, _) => "SHARED_LEGAL_REPRESENTATIVE",
        (LinkRole.Shareholder, _) => "SHARED_SHAREHOLDER",
        _ => "SHARED_SENIOR_MANAGER",
    };
}

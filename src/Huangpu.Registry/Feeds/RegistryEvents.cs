using Huangpu.Contracts.Registry;
using Huangpu.Registry.Domain;

namespace Huangpu.Registry.Feeds;

/// <summary>The integration events the Registry's writes stage in its outbox.</summary>
internal static class RegistryEvents
{
    public static OrganizationRegistered Registered(Organization organization, DateTimeOffset now, Provenance by) => new()
    {
        Uscc = organization.Uscc,
        Name = organization.Name,
        LegalForm = organization.LegalForm switch
        {
            LegalForm.LegalEntity => "LEGAL_FORM_LEGAL_ENTITY",
            LegalForm.NonLegalEntity => "LEGAL_FORM_NON_LEGAL_ENTITY",
            _ => "LEGAL_FORM_UNSPECIFIED",
        },
        RegisteredDistrictCode = organization.RegisteredDistrictCode,
        Version = organization.Version,
        OccurredAt = now,
        Actor = by.Actor,
        ActorRole = by.ActorRole,
    };
}

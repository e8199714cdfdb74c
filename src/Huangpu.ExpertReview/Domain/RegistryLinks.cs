namespace Huangpu.ExpertReview.Domain;

/// <summary>The organisations linked to an applicant, as the Registry knows them (the ID-number hashes stay there).</summary>
public interface IRegistryLinks
{
    /// <summary>Throws when the Registry cannot be asked; an unknown organisation has no links.</summary>
    Task<IReadOnlyList<ApplicantLink>> LinksOfAsync(string uscc, CancellationToken cancellationToken);
}

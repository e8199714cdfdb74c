using System.Text;

namespace Huangpu.Applications.Domain;

/// <summary>
/// What the contract's "same project" (同一项目) compares of an application: its organisation, its normalised
/// title, its project documents (never its organisation documents: a business licence is attached to every
/// application of a firm and ties no two of them together) and its period. This type is the rule's one home; the
/// submission checks' query only narrows the candidates to those that can match it, and says so.
/// </summary>
public sealed record SameProject(string OrganizationUscc, string NormalizedTitle, IReadOnlySet<string> ProjectDocuments, ProjectPeriod? Period)
{
    public static SameProject Of(string organizationUscc, string title, IEnumerable<DocumentRef> documents, ProjectPeriod? period) => new(
        organizationUscc,
        NormalizeTitle(title),
        documents.Where(d => d.Scope == DocumentScope.Project).Select(d => d.Sha256).ToHashSet(StringComparer.Ordinal),
        period);

    /// <summary>
    /// Same organisation, and the same normalised title or a project document both attach, and overlapping
    /// periods. An application without a period (a draft) is no project yet.
    /// </summary>
    public bool Matches(SameProject other) =>
        string.Equals(OrganizationUscc, other.OrganizationUscc, StringComparison.Ordinal)
        && (string.Equals(NormalizedTitle, other.NormalizedTitle, StringComparison.Ordinal) || ProjectDocuments.Overlaps(other.ProjectDocuments))
        && Period is { } mine && other.Period is { } theirs && mine.Overlaps(theirs);

    /// <summary>
    /// The title as the rule compares it: compatibility-normalised (NFKC folds full-width letters, digits,
    /// punctuation and the ideographic space to their ordinary forms), trimmed, inner whitespace collapsed to one
    /// space, case-folded.
    /// </summary>
    public static string NormalizeTitle(string title)
    {
        var folded = new StringBuilder(title.Length);
        foreach (var word in title.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (folded.Length > 0)
            {
                folded.Append(' ');
            }

            folded.Append(word.ToLowerInvariant());
        }

        return folded.ToString();
    }
}

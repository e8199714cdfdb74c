using System.Diagnostics;
using Google.Protobuf;

namespace Huangpu.BuildingBlocks.Tracing;

/// <summary>
/// What a span is about, as tags the dashboard can search: <c>huangpu.application_id</c> and <c>huangpu.uscc</c>
/// (several joined by commas). Set on the server span of a call from its request's subject fields, on the span
/// that publishes an event and on the span that consumes it from the event's audit subjects, so one search finds
/// every trace that touched an application or an organisation.
/// </summary>
public static class SubjectTags
{
    public const string ApplicationId = "huangpu.application_id";
    public const string Uscc = "huangpu.uscc";

    /// <summary>Request fields that name what a call is about (also the audit's subjects of a call).</summary>
    public static IReadOnlyList<string> SubjectFields { get; } = ["application_id", "organization_uscc", "uscc", "application_ids"];

    /// <summary>The subjects a request names in its <see cref="SubjectFields"/>, normalised (ids lower-case, USCCs upper-case).</summary>
    public static IEnumerable<string> Of(IMessage request)
    {
        foreach (var field in SubjectFields.Select(request.Descriptor.FindFieldByName).OfType<Google.Protobuf.Reflection.FieldDescriptor>())
        {
            var value = field.Accessor.GetValue(request);
            var values = value is System.Collections.IEnumerable and not string ? ((System.Collections.IEnumerable)value).OfType<string>() : [value as string ?? string.Empty];
            foreach (var subject in values.Select(Normalized).Where(s => s.Length > 0))
            {
                yield return subject;
            }
        }
    }

    public static string Normalized(string value) =>
        Guid.TryParse(value, out var id) ? id.ToString() : value.Trim().ToUpperInvariant();

    /// <summary>Tags <paramref name="activity"/> with the application ids and USCCs among <paramref name="subjects"/>.</summary>
    public static void Tag(Activity? activity, IEnumerable<string> subjects)
    {
        if (activity is null || !activity.IsAllDataRequested)
        {
            return;
        }

        var applications = new List<string>();
        var organizations = new List<string>();
        foreach (var subject in subjects.Distinct(StringComparer.Ordinal))
        {
            if (Guid.TryParse(subject, out _))
            {
                applications.Add(subject);
            }
            else if (subject.Length == 18)
            {
                organizations.Add(subject);
            }
        }

        if (applications.Count > 0)
        {
            activity.SetTag(ApplicationId, string.Join(',', applications.Take(20)));
        }

        if (organizations.Count > 0)
        {
            activity.SetTag(Uscc, string.Join(',', organizations.Take(20)));
        }
    }
}

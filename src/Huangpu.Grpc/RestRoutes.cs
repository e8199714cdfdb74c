using Google.Api;
using Google.Protobuf.Reflection;

namespace Huangpu.Grpc;

/// <summary>One REST route of a gRPC method, as its google.api.http annotation declares it.</summary>
/// <param name="Verb">Lower-case HTTP verb: get, post, put, patch, delete.</param>
/// <param name="Template">The path template, e.g. /api/v1/applications/{application_id}:accept.</param>
/// <param name="Body">The annotation's body: "*" (the whole request), a field name, or empty (query parameters).</param>
public sealed partial record RestRoute(MethodDescriptor Method, string Verb, string Template, string Body)
{
    /// <summary>The request fields the path binds, by proto name (e.g. application_id).</summary>
    public IReadOnlySet<string> PathFields { get; } = Variables(Template).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The gRPC method the route transcodes to, as its path without the leading slash: <c>package.Service/Method</c>.</summary>
    public string MethodPath { get; } = $"{Method.Service.FullName}/{Method.Name}";

    /// <summary>Each {variable} of a template: where it stands, how long it is, and its field's proto name.</summary>
    public static IEnumerable<(int Index, int Length, string Name)> Variables(string template) =>
        PathVariable().Matches(template).Select(m => (m.Index, m.Length, m.Groups[1].Value));

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([a-z_][a-z0-9_.]*)(=[^}]*)?\}")]
    private static partial System.Text.RegularExpressions.Regex PathVariable();
}

/// <summary>The REST routes of the platform's services, read once from their annotations.</summary>
public static class RestRoutes
{
    /// <summary>Every annotated method of the public services and the operations service.</summary>
    public static IReadOnlyList<RestRoute> All { get; } =
    [
        .. PublicServices.All.Append(PublicServices.Operations).SelectMany(service => service.Methods).Select(Of).OfType<RestRoute>(),
    ];

    /// <summary>The method's route, or null when it has no google.api.http annotation.</summary>
    public static RestRoute? Of(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        var (verb, template) = rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("get", rule.Get),
            HttpRule.PatternOneofCase.Post => ("post", rule.Post),
            HttpRule.PatternOneofCase.Put => ("put", rule.Put),
            HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
            HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
            _ => (string.Empty, string.Empty),
        };
        return verb.Length == 0 ? null : new RestRoute(method, verb, template, rule!.Body);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Grpc;

namespace Huangpu.Gateway;

/// <summary>
/// Checks a REST request against the proto of the method it is transcoded to, after authentication and before it
/// is forwarded, so that every refusal has the contract's shape and names the field: malformed JSON (where),
/// an unknown field or query parameter (400: a misspelt field never passes silently), a field of the answer
/// that the platform sets (403, e.g. an applicant's <c>creditRecords</c>), a value of the wrong JSON type, an
/// enum name that does not exist, a number out of range, text with control characters. JSON transcoding itself
/// drops unknown fields and answers type errors with .NET type names.
/// </summary>
internal static class RestRequestCheck
{
    private const int MaxProblems = 20;

    private static readonly IReadOnlySet<string> NoFields = new HashSet<string>();

    private static readonly IReadOnlyList<(RestRoute Route, Regex Pattern, int Literals)> Routes =
    [
        .. RestRoutes.All.Select(r => (r, TemplatePattern(r.Template), r.Template.Length - RestRoute.Variables(r.Template).Sum(v => v.Length))),
    ];

    public static IApplicationBuilder UseRestRequestCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (IsRest(request) && Find(request.Method, request.Path.Value ?? string.Empty) is var (route, pathFields))
        {
            // What the call is, for what comes after (the rate limits): the route, and so the gRPC method it transcodes to.
            context.Features.Set(route);
            var refusal = Query(route, pathFields, request.Query);
            if (refusal is null && route.Body.Length > 0 && HasJsonBody(request))
            {
                request.EnableBuffering();
                refusal = await BodyAsync(route, pathFields, request.Body, context.RequestAborted);
                request.Body.Position = 0;
            }

            if (refusal is not null)
            {
                await GatewayErrors.WriteAsync(context, refusal);
                return;
            }
        }

        await next(context);
    });

    /// <summary>REST routes only: gRPC calls are protobuf, checked by the services themselves.</summary>
    private static bool IsRest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/ops");

    private static bool HasJsonBody(HttpRequest request) =>
        request.HasJsonContentType() && (request.ContentLength is null or > 0);

    /// <summary>The route the transcoder will pick for this verb and path, with the fields its path binds.</summary>
    internal static (RestRoute Route, IReadOnlySet<string> PathFields)? Find(string verb, string path)
    {
        (RestRoute Route, Match Match, int Literals)? best = null;
        foreach (var (route, pattern, literals) in Routes)
        {
            if (!string.Equals(route.Verb, verb, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var match = pattern.Match(path);
            if (match.Success && (best is null || literals > best.Value.Literals))
            {
                best = (route, match, literals);
            }
        }

        return best is { } found ? (found.Route, found.Route.PathFields) : null;
    }

    internal static RpcException? Query(RestRoute route, IReadOnlySet<string> pathFields, IQueryCollection query)
    {
        var problems = new List<FieldProblem>();
        foreach (var (key, values) in query)
        {
            var field = ResolvePath(route.Method.InputType, key);
            if (field is null || field.FieldType == FieldType.Message || pathFields.Contains(field.Name))
            {
                problems.Add(new FieldProblem(key, "Not a query parameter of this route.", "不是此接口的查询参数。"));
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null && ScalarText(field, key, value) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        return problems.Count == 0 ? null : RpcErrors.InvalidArgument(problems);
    }

    internal static async Task<RpcException?> BodyAsync(RestRoute route, IReadOnlySet<string> pathFields, Stream body, CancellationToken cancellationToken)
    {
        MessageDescriptor message;
        if (route.Body == "*")
        {
            message = route.Method.InputType;
        }
        else
        {
            var target = route.Method.InputType.FindFieldByName(route.Body);
            if (target?.FieldType != FieldType.Message || target.MessageType.FullName == "google.api.HttpBody")
            {
                return null; // raw bytes (document upload) or a scalar body: nothing to check as JSON
            }

            message = target.MessageType;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return RpcErrors.InvalidArgument("body", $"Malformed JSON at line {line}, byte {column}.", $"JSON 格式错误：第 {line} 行第 {column} 字节。");
        }

        using (document)
        {
            var context = new Walk(route.Method.OutputType);
            context.Message(document.RootElement, message, prefix: string.Empty, route.Body == "*" ? pathFields : NoFields);
            return context.ReadOnlyField is { } readOnly
                ? RpcErrors.PermissionDenied(
                    "READ_ONLY_FIELD",
                    $"'{readOnly}' is set by the platform or a partner bureau and cannot be sent.",
                    $"“{readOnly}”由平台或主管部门设定，不能在请求中提交。",
                    readOnly)
                : context.Problems.Count > 0 ? RpcErrors.InvalidArgument(context.Problems) : null;
        }
    }

    /// <summary>One walk over a JSON body: the problems found, and the first field that only the answer has.</summary>
    private sealed class Walk(MessageDescriptor answer)
    {
        public List<FieldProblem> Problems { get; } = [];

        public string? ReadOnlyField { get; private set; }

        public void Message(JsonElement json, MessageDescriptor message, string prefix, IReadOnlySet<string> skip)
        {
            if (json.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            var name = prefix.Length == 0 ? "body" : prefix.TrimEnd('.');
            if (json.ValueKind != JsonValueKind.Object)
            {
                Add(new FieldProblem(name, "Expected a JSON object.", "应为 JSON 对象。"));
                return;
            }

            if (IsOpaque(message))
            {
                return;
            }

            foreach (var property in json.EnumerateObject())
            {
                var path = prefix + property.Name;
                var field = FieldOf(message, property.Name);
                if (field is null)
                {
                    // At the top level, a field of the answer (the resource) that the request does not carry is the
                    // platform's or a bureau's to set: refused as such, naming it, never dropped.
                    if (prefix.Length == 0 && FieldOf(answer, property.Name) is not null)
                    {
                        ReadOnlyField ??= property.Name;
                    }
                    else
                    {
                        Add(new FieldProblem(path, "Not a field of this request.", "不是此请求的字段。"));
                    }

                    continue;
                }

                if (!skip.Contains(field.Name))
                {
                    Field(property.Value, field, path);
                }
            }
        }

        private void Field(JsonElement json, FieldDescriptor field, string path)
        {
            if (json.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (field.IsMap)
            {
                if (json.ValueKind != JsonValueKind.Object)
                {
                    Add(new FieldProblem(path, "Expected a JSON object (a map).", "应为 JSON 对象（映射）。"));
                    return;
                }

                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var entry in json.EnumerateObject())
                {
                    Single(entry.Value, valueField, $"{path}[{entry.Name}]");
                }
            }
            else if (field.IsRepeated)
            {
                if (json.ValueKind != JsonValueKind.Array)
                {
                    Add(new FieldProblem(path, "Expected a JSON array.", "应为 JSON 数组。"));
                    return;
                }

                var i = 0;
                foreach (var item in json.EnumerateArray())
                {
                    Single(item, field, $"{path}[{i++}]");
                }
            }
            else
            {
                Single(json, field, path);
            }
        }

        private void Single(JsonElement json, FieldDescriptor field, string path)
        {
            if (field.FieldType == FieldType.Message)
            {
                var type = field.MessageType;
                if (WellKnownParsers.TryGetValue(type.FullName, out var parse))
                {
                    if (!parse(json.GetRawText()))
                    {
                        Add(new FieldProblem(path, $"Not a valid {WellKnownNames[type.FullName].English}.", $"不是有效的{WellKnownNames[type.FullName].Chinese}。"));
                    }
                }
                else if (type.File.Package == "google.protobuf" && type.Name.EndsWith("Value", StringComparison.Ordinal) && type.FindFieldByName("value") is { } wrapped
                         && type.Name is not ("Value" or "ListValue"))
                {
                    Single(json, wrapped, path);
                }
                else
                {
                    Message(json, type, path + ".", NoFields);
                }

                return;
            }

            var problem = json.ValueKind switch
            {
                JsonValueKind.String => ScalarText(field, path, json.GetString()!, fromJsonString: true),
                JsonValueKind.Number => ScalarNumber(field, path, json),
                JsonValueKind.True or JsonValueKind.False => field.FieldType == FieldType.Bool ? null : Expected(field, path),
                _ => Expected(field, path),
            };
            if (problem is not null)
            {
                Add(problem);
            }
        }

        private void Add(FieldProblem problem)
        {
            if (Problems.Count < MaxProblems)
            {
                Problems.Add(problem);
            }
        }
    }

    /// <summary>google.protobuf.Struct, Value, ListValue and Any take any JSON; google.api.HttpBody is raw.</summary>
    private static bool IsOpaque(MessageDescriptor message) =>
        message.FullName is "google.protobuf.Struct" or "google.protobuf.Value" or "google.protobuf.ListValue" or "google.protobuf.Any" or "google.api.HttpBody";

    private static readonly Dictionary<string, Func<string, bool>> WellKnownParsers = new(StringComparer.Ordinal)
    {
        ["google.protobuf.Timestamp"] = json => TryParse<Timestamp>(json),
        ["google.protobuf.Duration"] = json => TryParse<Duration>(json),
        ["google.protobuf.FieldMask"] = json => TryParse<FieldMask>(json),
    };

    private static readonly Dictionary<string, (string English, string Chinese)> WellKnownNames = new(StringComparer.Ordinal)
    {
        ["google.protobuf.Timestamp"] = ("RFC 3339 timestamp, e.g. 2026-05-10T09:00:00+08:00", "RFC 3339 时间，如 2026-05-10T09:00:00+08:00"),
        ["google.protobuf.Duration"] = ("duration, e.g. 3.5s", "时长，如 3.5s"),
        ["google.protobuf.FieldMask"] = ("field mask, e.g. name,registeredAddress", "字段掩码，如 name,registeredAddress"),
    };

    private static bool TryParse<T>(string json)
        where T : IMessage, new()
    {
        try
        {
            JsonParser.Default.Parse<T>(json);
            return true;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return false;
        }
    }

    /// <summary>A value given as text (a JSON string or a query parameter) for a scalar field.</summary>
    private static FieldProblem? ScalarText(FieldDescriptor field, string path, string text, bool fromJsonString = false) => field.FieldType switch
    {
        FieldType.String => RequestTextCheck.Check(path, text),
        FieldType.Enum => field.EnumType.FindValueByName(text) is not null
                          || (!fromJsonString && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && field.EnumType.FindValueByNumber(number) is not null)
            ? null
            : new FieldProblem(path, $"Not one of: {string.Join(", ", field.EnumType.Values.Skip(1).Select(v => v.Name))}.", $"应为以下之一：{string.Join("、", field.EnumType.Values.Skip(1).Select(v => v.Name))}。"),
        // In JSON a bool is true or false, never a string; a query parameter spells it.
        FieldType.Bool => !fromJsonString && text is "true" or "false" ? null : Expected(field, path),
        FieldType.Bytes => IsBase64(text) ? null : Expected(field, path),
        FieldType.Double or FieldType.Float => text is "NaN" or "Infinity" or "-Infinity" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : Expected(field, path),
        _ => InRange(field, text) ? null : Expected(field, path),
    };

    private static FieldProblem? ScalarNumber(FieldDescriptor field, string path, JsonElement json) => field.FieldType switch
    {
        FieldType.Double or FieldType.Float => null,
        FieldType.Enum => json.TryGetInt32(out var number) && field.EnumType.FindValueByNumber(number) is not null
            ? null
            : new FieldProblem(path, $"Not one of: {string.Join(", ", field.EnumType.Values.Skip(1).Select(v => v.Name))}.", $"应为以下之一：{string.Join("、", field.EnumType.Values.Skip(1).Select(v => v.Name))}。"),
        FieldType.String or FieldType.Bool or FieldType.Bytes => Expected(field, path),
        _ => InRange(field, json.GetRawText()) ? null : Expected(field, path),
    };

    /// <summary>An integer of the field's width, written as digits (proto3 JSON takes a number or a string).</summary>
    private static bool InRange(FieldDescriptor field, string text) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static FieldProblem Expected(FieldDescriptor field, string path) => field.FieldType switch
    {
        FieldType.String => new FieldProblem(path, "Expected a string.", "应为字符串。"),
        FieldType.Bool => new FieldProblem(path, "Expected true or false.", "应为 true 或 false。"),
        FieldType.Bytes => new FieldProblem(path, "Expected base64 text.", "应为 base64 文本。"),
        FieldType.Double or FieldType.Float => new FieldProblem(path, "Expected a number.", "应为数字。"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 =>
            new FieldProblem(path, "Expected a whole number as a string of digits (64-bit).", "应为以数字字符串表示的整数（64 位）。"),
        FieldType.Enum => new FieldProblem(path, "Expected the name of a value.", "应为枚举值名称。"),
        _ => new FieldProblem(path, "Expected a whole number (32-bit).", "应为整数（32 位）。"),
    };

    /// <summary>A query key such as <c>asOf</c> or <c>period.start</c>, resolved through the request message.</summary>
    private static FieldDescriptor? ResolvePath(MessageDescriptor message, string key)
    {
        FieldDescriptor? field = null;
        foreach (var part in key.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message)
                {
                    return null;
                }

                message = field.MessageType;
            }

            field = FieldOf(message, part);
            if (field is null)
            {
                return null;
            }
        }

        return field;
    }

    /// <summary>A field by its JSON name (lowerCamelCase) or its proto name, as proto3 JSON parsers accept both.</summary>
    private static FieldDescriptor? FieldOf(MessageDescriptor message, string name) =>
        message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name) ?? message.FindFieldByName(name);

    /// <summary>The template as an anchored pattern: each {variable} one path segment (it may end in :verb).</summary>
    private static Regex TemplatePattern(string template)
    {
        var pattern = new System.Text.StringBuilder("^");
        var at = 0;
        foreach (var (index, length, _) in RestRoute.Variables(template))
        {
            pattern.Append(Regex.Escape(template[at..index])).Append("[^/]+?");
            at = index + length;
        }

        pattern.Append(Regex.Escape(template[at..])).Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }
}

using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>
/// The text of every request, checked once at the edge of each service: a control character (NUL above all,
/// which PostgreSQL cannot store) or a value made only of blank and invisible characters is refused naming the
/// field, before any handler or database sees it. Tab, line feed and carriage return are text.
/// </summary>
public static class RequestTextCheck
{
    /// <summary>Every problem in the message's strings, with the JSON path of each field (e.g. documents[0].name).</summary>
    public static IReadOnlyList<FieldProblem> Problems(IMessage message)
    {
        var problems = new List<FieldProblem>();
        Visit(message, prefix: string.Empty, problems);
        return problems;
    }

    /// <summary>Null when the text may be stored and shown; else what is wrong with it.</summary>
    public static FieldProblem? Check(string field, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        var visible = false;
        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
                return new FieldProblem(field, $"Contains the control character U+{code}.", $"含有控制字符 U+{code}。");
            }

            visible |= !char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format;
        }

        return visible
            ? null
            : new FieldProblem(field, "Contains only blank or invisible characters.", "仅含空白或不可见字符。");
    }

    private static void Visit(IMessage message, string prefix, List<FieldProblem> problems)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = prefix + field.JsonName;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    VisitValue(field.MessageType.FindFieldByNumber(2), entry.Value, $"{name}[{entry.Key}]", problems);
                }
            }
            else if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (IList)value)
                {
                    VisitValue(field, item, $"{name}[{i++}]", problems);
                }
            }
            else
            {
                VisitValue(field, value, name, problems);
            }
        }
    }

    private static void VisitValue(FieldDescriptor field, object? value, string name, List<FieldProblem> problems)
    {
        switch (field.FieldType)
        {
            case FieldType.String when value is string text && Check(name, text) is { } problem:
                problems.Add(problem);
                break;
            case FieldType.Message when value is IMessage nested:
                Visit(nested, name + ".", problems);
                break;
        }
    }
}

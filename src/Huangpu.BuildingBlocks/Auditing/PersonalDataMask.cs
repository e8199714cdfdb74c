using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Huangpu.BuildingBlocks.Auditing;

/// <summary>
/// A request as the audit trail keeps it: proto3 JSON with the personal information of natural persons masked
/// (names of contact persons, signers, objectors, experts and natural-person shareholders; phone and ID numbers)
/// and binary content (uploaded documents) left out.
/// </summary>
public static class PersonalDataMask
{
    /// <summary>Longest request text kept; the rest is cut, saying so.</summary>
    public const int MaxLength = 16_000;

    private static readonly HashSet<string> AlwaysPersonal = new(StringComparer.Ordinal) { "phone", "id_number", "signer_name" };

    /// <summary>Messages whose <c>name</c> is a natural person's.</summary>
    private static readonly HashSet<string> PersonNamed = new(StringComparer.Ordinal) { "ContactPerson", "Objector", "CreateExpertRequest", "UpdateExpertRequest", "Expert" };

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static string ToAuditJson(IMessage message)
    {
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        Mask(copy);
        var json = Formatter.Format(copy);
        return json.Length <= MaxLength ? json : string.Concat(json.AsSpan(0, MaxLength), $"…(cut at {MaxLength} of {json.Length} characters)");
    }

    /// <summary>A name with all but its first character starred; anything else fully starred.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    private static void Mask(IMessage message)
    {
        var descriptor = message.Descriptor;
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                continue;
            }

            if (field.FieldType == FieldType.Bytes)
            {
                field.Accessor.Clear(message);
            }
            else if (field.FieldType == FieldType.String && !field.IsRepeated && value is string { Length: > 0 } text && IsPersonal(descriptor, field, message))
            {
                field.Accessor.SetValue(message, field.Name == "name" || field.Name == "signer_name" ? MaskName(text) : "***");
            }
            else if (field.FieldType == FieldType.Message)
            {
                if (field.IsRepeated && value is System.Collections.IEnumerable items)
                {
                    foreach (var item in items.OfType<IMessage>())
                    {
                        Mask(item);
                    }
                }
                else if (value is IMessage nested)
                {
                    Mask(nested);
                }
            }
        }
    }

    private static bool IsPersonal(MessageDescriptor descriptor, FieldDescriptor field, IMessage message)
    {
        if (AlwaysPersonal.Contains(field.Name))
        {
            return true;
        }

        if (field.Name != "name")
        {
            return false;
        }

        // A Person is an organisation when it carries a USCC, else a natural person.
        return PersonNamed.Contains(descriptor.Name)
            || (descriptor.Name == "Person" && descriptor.FindFieldByName("uscc")?.Accessor.GetValue(message) is not string { Length: > 0 });
    }
}

using System.Globalization;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.Registry.Domain;
using Proto = Huangpu.Grpc.Registry.V1;

namespace Huangpu.Registry.Grpc;

/// <summary>Proto ↔ domain, collecting every bad field (by its JSON name) instead of stopping at the first.</summary>
internal sealed class ProtoMapping(PersonIdHasher hasher)
{
    public const string DateFormat = "yyyy-MM-dd";

    public List<FieldProblem> Problems { get; } = [];

    public void ThrowIfInvalid()
    {
        if (Problems.Count > 0)
        {
            throw RpcErrors.InvalidArgument(Problems);
        }
    }

    public void Problem(string field, string english, string chinese) => Problems.Add(new FieldProblem(field, english, chinese));

    /// <summary>The normalised USCC; a failed GB 32100 check becomes a problem of <paramref name="field"/>.</summary>
    public UsccValidation Uscc(string value, string field = "uscc")
    {
        var check = Domain.Uscc.Validate(value);
        if (!check.IsValid)
        {
            Problem(field, check.FailureEnglish!, check.FailureChinese!);
        }

        return check;
    }

    public DateOnly? Date(string value, string field, bool required = false)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            if (required)
            {
                Problem(field, "A date (YYYY-MM-DD) is required.", "日期（YYYY-MM-DD）为必填项。");
            }

            return null;
        }

        if (DateOnly.TryParseExact(trimmed, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Problem(field, $"'{trimmed}' is not a date in the form YYYY-MM-DD.", $"“{trimmed}”不是 YYYY-MM-DD 格式的日期。");
        return null;
    }

    public string Text(string value, string field, int maxLength, bool required = false)
    {
        var trimmed = value.Trim();
        if (required && trimmed.Length == 0)
        {
            Problem(field, "This field is required.", "此字段为必填项。");
        }
        else if (trimmed.Length > maxLength)
        {
            Problem(field, $"At most {maxLength} characters.", $"最多 {maxLength} 个字符。");
        }

        return trimmed;
    }

    public string District(string value, string field)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 0 && (trimmed.Length != 6 || !trimmed.All(char.IsAsciiDigit)))
        {
            Problem(field, "A district code is 6 digits (GB/T 2260), e.g. 310101.", "行政区划代码为 6 位数字（GB/T 2260），如 310101。");
        }

        return trimmed;
    }

    public TEnum Enum<TEnum, TProto>(TProto value, string field)
        where TEnum : struct, System.Enum
        where TProto : struct, System.Enum
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        if (!System.Enum.IsDefined(value))
        {
            Problem(field, "Unknown value.", "取值无效。");
        }

        return (TEnum)(object)number;
    }

    /// <summary>A licence; an absent message or an empty number means "none". A filing may be open-ended.</summary>
    public Licence? Licence(Proto.Licence? value, string field, bool openEndedAllowed)
    {
        if (value is null || value.Number.Trim().Length == 0)
        {
            return null;
        }

        var number = Text(value.Number, $"{field}.number", 100);
        var issuer = Text(value.Issuer, $"{field}.issuer", 200);
        var from = Date(value.ValidFrom, $"{field}.validFrom", required: true);
        var to = Date(value.ValidTo, $"{field}.validTo", required: !openEndedAllowed);
        if (from is not null && to is not null && to < from)
        {
            Problem($"{field}.validTo", "validTo is before validFrom.", "有效期止早于有效期起。");
        }

        return from is null ? null : new Licence(number, issuer, from.Value, to);
    }

    public Person? Person(Proto.Person? value, string field)
    {
        if (value is null || (value.Name.Trim().Length == 0 && value.Uscc.Trim().Length == 0))
        {
            return null;
        }

        var name = Text(value.Name, $"{field}.name", 200, required: true);
        string? uscc = null;
        if (value.Uscc.Trim().Length > 0)
        {
            var check = Uscc(value.Uscc, $"{field}.uscc");
            uscc = check.IsValid ? check.Normalized : null;
        }

        var idNumber = value.IdNumber.Trim();
        if (idNumber.Length > 0 && (idNumber.Length > 30 || !idNumber.All(char.IsAsciiLetterOrDigit)))
        {
            Problem($"{field}.idNumber", "An ID number has letters and digits only, at most 30.", "证件号码仅含字母和数字，最多 30 位。");
        }

        return new Person(name, uscc, idNumber.Length > 0 ? hasher.Hash(idNumber) : null);
    }

    public IReadOnlyList<Person> People(RepeatedField<Proto.Person> values, string field) =>
        [.. values.Select((p, i) => Person(p, $"{field}[{i}]")).OfType<Person>()];

    public ContactPerson? Contact(Proto.ContactPerson? value)
    {
        if (value is null || (value.Name.Trim().Length == 0 && value.Phone.Trim().Length == 0))
        {
            return null;
        }

        var name = Text(value.Name, "contact.name", 100, required: true);
        var phone = value.Phone.Trim();
        if (phone.Length is < 5 or > 20 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '))
        {
            Problem("contact.phone", "A phone number has 5 to 20 digits (with +, - or spaces).", "电话号码为 5 至 20 位数字（可含 +、- 或空格）。");
        }

        return new ContactPerson(name, phone);
    }

    public IReadOnlyList<AbnormalOperationListing> Listings(RepeatedField<Proto.AbnormalOperationListing> values, string field)
    {
        var listings = new List<AbnormalOperationListing>();
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            var listed = Date(v.ListedOn, $"{field}[{i}].listedOn", required: true);
            var removed = Date(v.RemovedOn, $"{field}[{i}].removedOn");
            if (listed is not null && removed is not null && removed < listed)
            {
                Problem($"{field}[{i}].removedOn", "removedOn is before listedOn.", "移出日期早于列入日期。");
            }

            if (listed is not null)
            {
                listings.Add(new AbnormalOperationListing(v.SourceRecordId.Trim(), listed.Value, removed, v.Reason.Trim()));
            }
        }

        return listings;
    }

    /// <summary>YYYY-MM-DD: the round-trip format "O" of a DateOnly is exactly <see cref="DateFormat"/>, and the runtime writes it without a pattern parse.</summary>
    public static string Format(DateOnly? date) => date?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;

    public static Proto.Organization ToProto(Organization o, IReadOnlyList<CreditRecord> credit)
    {
        var answer = new Proto.Organization
        {
            Uscc = o.Uscc,
            Name = o.Name,
            LegalForm = (Proto.LegalForm)o.LegalForm,
            RegisteredAddress = o.RegisteredAddress,
            RegisteredDistrictCode = o.RegisteredDistrictCode,
            TaxDistrictCode = o.TaxDistrictCode,
            RegistrationStatus = (Proto.RegistrationStatus)o.RegistrationStatus,
            RegistrationStatusSince = Format(o.RegistrationStatusSince),
            HrLicence = ToProto(o.HrLicence),
            HrFiling = ToProto(o.HrFiling),
            LabourDispatchLicence = ToProto(o.LabourDispatchLicence),
            IndustryDirectionNote = o.IndustryDirectionNote,
            IndustryDirectionJudgedBy = o.IndustryDirectionJudgedBy,
            IndustryDirectionJudgedOn = o.IndustryDirectionJudgedAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
            LegalRepresentative = ToProto(o.LegalRepresentative),
            Contact = o.Contact is null ? null : ToProto(o.Contact.Masked()),
            Source = (Proto.DataSource)o.Source,
            Version = o.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(o.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(o.UpdatedAt),
        };
        if (o.IndustryDirectionConfirmed is { } confirmed)
        {
            answer.IndustryDirectionConfirmed = confirmed;
        }

        answer.Shareholders.AddRange(o.Shareholders.Select(p => ToProto(p)!));
        answer.SeniorManagers.AddRange(o.SeniorManagers.Select(p => ToProto(p)!));
        answer.AbnormalListings.AddRange(o.AbnormalListings.Select(l => new Proto.AbnormalOperationListing
        {
            SourceRecordId = l.SourceRecordId,
            ListedOn = Format(l.ListedOn),
            RemovedOn = Format(l.RemovedOn),
            Reason = l.Reason,
        }));
        answer.CreditRecords.AddRange(credit.Select(c => ToProto(c, organizationRegistered: true)));
        answer.Warnings.AddRange(o.Warnings);
        return answer;
    }

    public static Proto.CreditRecord ToProto(CreditRecord c, bool organizationRegistered) => new()
    {
        Uscc = c.Uscc,
        SourceRecordId = c.SourceRecordId,
        Kind = (Proto.CreditRecordKind)c.Kind,
        ListedOn = Format(c.ListedOn),
        RemovedOn = Format(c.RemovedOn),
        Authority = c.Authority,
        DocumentNumber = c.DocumentNumber,
        OrganizationRegistered = organizationRegistered,
    };

    public static Proto.ContactPerson ToProto(ContactPerson c) => new() { Name = c.Name, Phone = c.Phone };

    private static Proto.Licence? ToProto(Licence? l) => l is null ? null : new Proto.Licence
    {
        Number = l.Number,
        Issuer = l.Issuer,
        ValidFrom = Format(l.ValidFrom),
        ValidTo = Format(l.ValidTo),
    };

    private static Proto.Person? ToProto(Person? p) => p is null ? null : new Proto.Person
    {
        Name = p.Name,
        Uscc = p.Uscc ?? string.Empty,
        HasIdNumber = p.IdNumberHash is not null,
    };
}

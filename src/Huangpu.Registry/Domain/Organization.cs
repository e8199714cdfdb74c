using System.Text.Encodings.Web;
using System.Text.Json;

namespace Huangpu.Registry.Domain;

public enum LegalForm
{
    Unspecified = 0,
    LegalEntity = 1,
    NonLegalEntity = 2,
}

/// <summary>Registration status (登记状态) as market supervision records it.</summary>
public enum RegistrationStatus
{
    Unspecified = 0,
    InBusiness = 1,
    Revoked = 2,
    Cancelled = 3,
}

/// <summary>Where a value came from: the applicant, an officer, or a partner bureau's feed.</summary>
public enum DataSource
{
    Unspecified = 0,
    Applicant = 1,
    Officer = 2,
    PartnerFeed = 3,
}

/// <summary>Who is changing the record and on what authority (the partner feed's record id, if any).</summary>
public sealed record Provenance(DataSource Source, string Actor, string ActorRole, string? SourceRecordId = null);

/// <summary>An organisation (by USCC) or a natural person, whose ID number is kept only as a keyed hash.</summary>
public sealed record Person(string Name, string? Uscc, string? IdNumberHash)
{
    /// <summary>
    /// The person as the change history shows it: whether an ID number is on file, never its hash. The hash is a
    /// matching key that links one person across organisations; it never leaves the Registry.
    /// </summary>
    public object ForHistory() => new { Name, Uscc, HasIdNumber = IdNumberHash is not null };
}

/// <summary>The contact person: personal information, masked wherever it is listed or logged.</summary>
public sealed record ContactPerson(string Name, string Phone)
{
    /// <summary>张三 → 张*, 13812345678 → 138****5678.</summary>
    public ContactPerson Masked() => new(MaskName(Name), MaskPhone(Phone));

    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    public static string MaskPhone(string phone) =>
        phone.Length <= 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}

/// <summary>One change of one field, with its source: the history officials and auditors read.</summary>
public sealed class FieldChange
{
    public long Id { get; set; }

    public required string Uscc { get; set; }

    public required string Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public DataSource Source { get; set; }

    public required string Actor { get; set; }

    public required string ActorRole { get; set; }

    public string? SourceRecordId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public long Version { get; set; }
}

/// <summary>A field to change in a correction: absent (null) leaves the field alone.</summary>
public sealed record Change<T>(T Value);

/// <summary>A correction (PATCH) or a feed's registration data, as a set of field changes.</summary>
public sealed record OrganizationPatch
{
    public Change<string>? Name { get; init; }

    public Change<LegalForm>? LegalForm { get; init; }

    public Change<string>? RegisteredAddress { get; init; }

    public Change<string>? RegisteredDistrictCode { get; init; }

    public Change<string>? TaxDistrictCode { get; init; }

    public Change<RegistrationStatus>? RegistrationStatus { get; init; }

    public Change<DateOnly?>? RegistrationStatusSince { get; init; }

    public Change<Licence?>? HrLicence { get; init; }

    public Change<Licence?>? HrFiling { get; init; }

    public Change<Licence?>? LabourDispatchLicence { get; init; }

    public Change<bool?>? IndustryDirectionConfirmed { get; init; }

    public Change<string>? IndustryDirectionNote { get; init; }

    public Change<Person?>? LegalRepresentative { get; init; }

    public Change<IReadOnlyList<Person>>? Shareholders { get; init; }

    public Change<IReadOnlyList<Person>>? SeniorManagers { get; init; }

    public Change<ContactPerson?>? Contact { get; init; }

    public Change<IReadOnlyList<AbnormalOperationListing>>? AbnormalListings { get; init; }
}

/// <summary>An HR service organisation (人力资源服务机构), identified by its USCC; every change is kept with its source.</summary>
public sealed class Organization
{
    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Organization()
    {
    }

    public string Uscc { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public LegalForm LegalForm { get; private set; }

    public string RegisteredAddress { get; private set; } = string.Empty;

    /// <summary>Administrative division of the registered domicile (e.g. 310101 Huangpu), from the registration record.</summary>
    public string RegisteredDistrictCode { get; private set; } = string.Empty;

    public string TaxDistrictCode { get; private set; } = string.Empty;

    public RegistrationStatus RegistrationStatus { get; private set; }

    public DateOnly? RegistrationStatusSince { get; private set; }

    public Licence? HrLicence { get; private set; }

    public Licence? HrFiling { get; private set; }

    public Licence? LabourDispatchLicence { get; private set; }

    public bool? IndustryDirectionConfirmed { get; private set; }

    public string IndustryDirectionNote { get; private set; } = string.Empty;

    public string IndustryDirectionJudgedBy { get; private set; } = string.Empty;

    public DateTimeOffset? IndustryDirectionJudgedAt { get; private set; }

    public Person? LegalRepresentative { get; private set; }

    public List<Person> Shareholders { get; private set; } = [];

    public List<Person> SeniorManagers { get; private set; } = [];

    public ContactPerson? Contact { get; private set; }

    public List<AbnormalOperationListing> AbnormalListings { get; private set; } = [];

    public long Version { get; private set; }

    public DataSource Source { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public List<string> Warnings { get; private set; } = [];

    /// <summary>The keys that link this organisation to others (shared people, address, shareholdings), kept with it.</summary>
    public List<OrganizationLinkKey> LinkKeys { get; private set; } = [];

    /// <summary>New history rows of this unit of work; EF inserts them with the organisation.</summary>
    public List<FieldChange> Changes { get; private set; } = [];

    public IEnumerable<Licence> Qualifications =>
        new[] { HrLicence, HrFiling, LabourDispatchLicence }.OfType<Licence>();

    public static Organization Register(string uscc, OrganizationPatch data, Provenance by, IReadOnlyList<string> warnings, DateTimeOffset now)
    {
        var organization = new Organization
        {
            Uscc = uscc,
            Source = by.Source,
            CreatedBy = by.Actor,
            Warnings = [.. warnings],
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
        };
        organization.Apply(data, by, now);
        organization.Version = 1;
        foreach (var change in organization.Changes)
        {
            change.Version = 1;
        }

        return organization;
    }

    /// <summary>Applies the present fields; records each real change; bumps the version once. Returns the changed fields.</summary>
    public IReadOnlyList<string> Apply(OrganizationPatch patch, Provenance by, DateTimeOffset now)
    {
        var changed = new List<string>();
        var version = Version + 1;

        void Set<T>(string field, Change<T>? change, T current, Action<T> assign, Func<T, string?>? render = null)
        {
            if (change is null || Same(current, change.Value))
            {
                return;
            }

            render ??= v => v is null ? null : v is string s ? s : JsonSerializer.Serialize(v, HistoryJson);
            RecordChange(field, render(current), render(change.Value), by, now, version);
            assign(change.Value);
            changed.Add(field);
        }

        Set("name", patch.Name, Name, v => Name = v);
        Set("legalForm", patch.LegalForm, LegalForm, v => LegalForm = v, v => v.ToString());
        Set("registeredAddress", patch.RegisteredAddress, RegisteredAddress, v => RegisteredAddress = v);
        Set("registeredDistrictCode", patch.RegisteredDistrictCode, RegisteredDistrictCode, v => RegisteredDistrictCode = v);
        Set("taxDistrictCode", patch.TaxDistrictCode, TaxDistrictCode, v => TaxDistrictCode = v);
        Set("registrationStatus", patch.RegistrationStatus, RegistrationStatus, v => RegistrationStatus = v, v => v.ToString());
        Set("registrationStatusSince", patch.RegistrationStatusSince, RegistrationStatusSince, v => RegistrationStatusSince = v, v => v?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Set("hrLicence", patch.HrLicence, HrLicence, v => HrLicence = v);
        Set("hrFiling", patch.HrFiling, HrFiling, v => HrFiling = v);
        Set("labourDispatchLicence", patch.LabourDispatchLicence, LabourDispatchLicence, v => LabourDispatchLicence = v);
        Set("industryDirectionConfirmed", patch.IndustryDirectionConfirmed, IndustryDirectionConfirmed, v =>
        {
            IndustryDirectionConfirmed = v;
            // The judgement (认定) records who made it and when.
            IndustryDirectionJudgedBy = by.Actor;
            IndustryDirectionJudgedAt = now;
        }, v => v?.ToString());
        Set("industryDirectionNote", patch.IndustryDirectionNote, IndustryDirectionNote, v => IndustryDirectionNote = v);
        Set("legalRepresentative", patch.LegalRepresentative, LegalRepresentative, v => LegalRepresentative = v, v => v is null ? null : JsonSerializer.Serialize(v.ForHistory(), HistoryJson));
        Set("shareholders", patch.Shareholders, (IReadOnlyList<Person>)Shareholders, v => Shareholders = [.. v], v => JsonSerializer.Serialize(v.Select(p => p.ForHistory()), HistoryJson));
        Set("seniorManagers", patch.SeniorManagers, (IReadOnlyList<Person>)SeniorManagers, v => SeniorManagers = [.. v], v => JsonSerializer.Serialize(v.Select(p => p.ForHistory()), HistoryJson));
        Set("contact", patch.Contact, Contact, v => Contact = v, v => v is null ? null : JsonSerializer.Serialize(v.Masked(), HistoryJson));
        Set("abnormalListings", patch.AbnormalListings, (IReadOnlyList<AbnormalOperationListing>)AbnormalListings, v => AbnormalListings = [.. v]);

        if (changed.Count > 0)
        {
            Version = version;
            UpdatedAt = now;
            // In place: a key that stays is the same tracked row, only what changed is deleted or inserted.
            var keys = OrganizationLinkKey.Of(Uscc, RegisteredAddress, LegalRepresentative, Shareholders, SeniorManagers);
            LinkKeys.RemoveAll(k => !keys.Contains(k));
            LinkKeys.AddRange(keys.Where(k => !LinkKeys.Contains(k)));
        }

        return changed;
    }

    /// <summary>A credit record about this organisation arrived or changed: the facts behind eligibility moved.</summary>
    public void RecordCreditChange(CreditRecord record, string? previous, Provenance by, DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
        RecordChange(
            $"creditRecords[{record.SourceRecordId}]",
            previous,
            JsonSerializer.Serialize(new { record.Kind, record.ListedOn, record.RemovedOn, record.Authority, record.DocumentNumber }, HistoryJson),
            by,
            now,
            Version);
    }

    private void RecordChange(string field, string? oldValue, string? newValue, Provenance by, DateTimeOffset now, long version) =>
        Changes.Add(new FieldChange
        {
            Uscc = Uscc,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            Source = by.Source,
            Actor = by.Actor,
            ActorRole = by.ActorRole,
            SourceRecordId = by.SourceRecordId,
            ChangedAt = now,
            Version = version,
        });

    public EligibilityFacts Facts(IReadOnlyList<CreditRecord> creditRecords) => new(
        RegisteredDistrictCode,
        TaxDistrictCode,
        RegistrationStatus,
        RegistrationStatusSince,
        [.. Qualifications],
        AbnormalListings,
        creditRecords,
        IndustryDirectionConfirmed);

    private static bool Same<T>(T a, T b) => (a, b) switch
    {
        (IEnumerable<Person> x, IEnumerable<Person> y) => x.SequenceEqual(y),
        (IEnumerable<AbnormalOperationListing> x, IEnumerable<AbnormalOperationListing> y) => x.SequenceEqual(y),
        _ => EqualityComparer<T>.Default.Equals(a, b),
    };
}

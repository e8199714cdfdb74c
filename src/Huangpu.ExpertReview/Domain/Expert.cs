namespace Huangpu.ExpertReview.Domain;

/// <summary>The four kinds of expert the contract names; a panel needs at least one of the first two each.</summary>
public enum ExpertKind
{
    /// <summary>An expert of a third-party professional institution (第三方专业机构).</summary>
    ThirdPartyInstitution = 1,

    /// <summary>A fair-competition-review adviser (公平竞争审查顾问).</summary>
    FairCompetitionAdviser = 2,

    Industry = 3,

    Department = 4,
}

/// <summary>An expert of the pool (专家库). The name is personal information: masked in logs, never listed publicly.</summary>
public sealed class Expert
{
    private Expert()
    {
    }

    /// <summary>Also the subject (<c>sub</c>) of the expert's token.</summary>
    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public ExpertKind Kind { get; private set; }

    /// <summary>The USCC of the expert's employer.</summary>
    public string EmployerUscc { get; private set; } = string.Empty;

    /// <summary>Organisations the expert declares a tie to (USCCs).</summary>
    public List<string> Ties { get; private set; } = [];

    public bool Available { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Expert Create(string name, ExpertKind kind, string employerUscc, IEnumerable<string> ties, bool available, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        Kind = kind,
        EmployerUscc = employerUscc,
        Ties = [.. ties.Distinct(StringComparer.Ordinal)],
        Available = available,
        Version = 1,
        CreatedAt = now,
    };

    public void Change(bool? available, string? employerUscc, IReadOnlyList<string>? ties)
    {
        Available = available ?? Available;
        EmployerUscc = employerUscc ?? EmployerUscc;
        if (ties is not null)
        {
            Ties = [.. ties.Distinct(StringComparer.Ordinal)];
        }

        Version++;
    }
}

using System.Text.Json;

namespace Huangpu.ExpertReview.Domain;

/// <summary>One criterion of a rubric: its weight is a percentage of the expert's total.</summary>
public sealed record RubricCriterion(string Code, string Title, int Weight, string Guidance);

/// <summary>The rubric (评分细则) of one measure group of one policy.</summary>
public sealed record Rubric(string PolicyId, string GroupCode, IReadOnlyList<RubricCriterion> Criteria)
{
    /// <summary>
    /// The expert's total: each criterion's 0–100 score weighted by its percentage, to two decimals. Every
    /// criterion of the rubric is scored exactly once.
    /// </summary>
    public decimal Total(IReadOnlyDictionary<string, int> scores) =>
        Math.Round(Criteria.Sum(c => scores[c.Code] * (decimal)c.Weight) / 100m, 2, MidpointRounding.AwayFromZero);
}

/// <summary>The rubrics as data (<c>Rubrics/Data/*.json</c>, one file per policy), validated at start-up.</summary>
public sealed class RubricCatalog(IReadOnlyList<Rubric> rubrics)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public IReadOnlyList<Rubric> Rubrics { get; } = rubrics;

    public Rubric? Find(string policyId, string groupCode) =>
        Rubrics.FirstOrDefault(r => r.PolicyId == policyId && r.GroupCode == groupCode);

    public static RubricCatalog LoadDirectory(string directory)
    {
        var rubrics = new List<Rubric>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var data = JsonSerializer.Deserialize<RubricFile>(File.ReadAllText(file), Json)
                ?? throw new InvalidOperationException($"{file}: empty rubric file.");
            foreach (var (groupCode, group) in data.Groups ?? [])
            {
                var criteria = group.Criteria ?? [];
                var problems = new List<string>();
                if (criteria.Count == 0)
                {
                    problems.Add("no criteria");
                }

                if (criteria.Sum(c => c.Weight) != 100)
                {
                    problems.Add($"weights add up to {criteria.Sum(c => c.Weight)}, not 100");
                }

                if (criteria.Any(c => string.IsNullOrWhiteSpace(c.Code) || c.Weight <= 0) || criteria.Select(c => c.Code).Distinct().Count() != criteria.Count)
                {
                    problems.Add("every criterion needs a unique code and a positive weight");
                }

                if (problems.Count > 0)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(file)}, group {groupCode}: {string.Join("; ", problems)}.");
                }

                rubrics.Add(new Rubric(data.PolicyId ?? string.Empty, groupCode, [.. criteria.Select(c => new RubricCriterion(c.Code!, c.Title ?? string.Empty, c.Weight, c.Guidance ?? string.Empty))]));
            }
        }

        return new RubricCatalog(rubrics);
    }

    private sealed record RubricFile(string? PolicyId, Dictionary<string, GroupFile>? Groups);

    private sealed record GroupFile(List<CriterionFile>? Criteria);

    private sealed record CriterionFile(string? Code, string? Title, int Weight, string? Guidance);
}

using System.Text.Json;

namespace Huangpu.Compliance.Risk;

/// <summary>A risk rule as data: its id, the clause it rests on, why it fires, and the events it names as evidence.</summary>
public sealed record RiskRule(string Id, string Clause, string ReasonZh, string ReasonEn, IReadOnlyList<string> Evidence);

/// <summary>
/// The risk rules (<c>Risk/Data/risk-rules.json</c>). The data says what each rule is and cites; the conditions are
/// <see cref="RiskEvaluator"/>'s and <see cref="PolicyLifecycleJob"/>'s, one per id: a rule in the data without a condition, or a condition without a
/// rule, stops the service at start-up.
/// </summary>
public sealed class RiskRules
{
    public const string CreditAfterApproval = "CREDIT_AFTER_APPROVAL";
    public const string ReconciliationDifference = "RECONCILIATION_DIFFERENCE";
    public const string SharedProjectDocument = "SHARED_PROJECT_DOCUMENT";
    public const string AmountAboveCap = "AMOUNT_ABOVE_CAP";
    public const string AwardAfterPolicyEnd = "AWARD_AFTER_POLICY_END";
    public const string SubmissionAfterPolicyEnd = "SUBMISSION_AFTER_POLICY_END";
    public const string ExpertConflictAfterScoring = "EXPERT_CONFLICT_AFTER_SCORING";
    public const string PolicyEnding = "POLICY_ENDING";

    public static readonly IReadOnlySet<string> Implemented = new HashSet<string>(StringComparer.Ordinal)
    {
        CreditAfterApproval, ReconciliationDifference, SharedProjectDocument, AmountAboveCap, AwardAfterPolicyEnd, SubmissionAfterPolicyEnd, ExpertConflictAfterScoring, PolicyEnding,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, RiskRule> _rules;

    public RiskRules(IEnumerable<RiskRule> rules)
    {
        _rules = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var problems = _rules.Values
            .Where(r => string.IsNullOrWhiteSpace(r.Clause) || string.IsNullOrWhiteSpace(r.ReasonZh) || string.IsNullOrWhiteSpace(r.ReasonEn) || r.Evidence.Count == 0)
            .Select(r => $"{r.Id}: clause, reasons and evidence are required")
            .Concat(_rules.Keys.Except(Implemented).Select(id => $"{id}: no condition implements it"))
            .Concat(Implemented.Except(_rules.Keys).Select(id => $"{id}: implemented but not in the data"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Risk rules are invalid: {string.Join("; ", problems)}");
        }
    }

    public RiskRule this[string id] => _rules[id];

    public IReadOnlyCollection<RiskRule> All => _rules.Values;

    public static RiskRules Load(string path) =>
        new(JsonSerializer.Deserialize<List<RiskRule>>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"{path} holds no risk rules."));
}

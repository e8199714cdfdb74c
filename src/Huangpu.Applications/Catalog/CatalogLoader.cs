using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Huangpu.Applications.Catalog;

/// <summary>A catalog file that cannot be used; the message names the file and every bad element, and start-up stops.</summary>
public sealed class CatalogException(string message) : Exception(message);

/// <summary>
/// Loads every <c>*.json</c> policy file of the catalog folder and validates it whole. A policy is data:
/// its groups, measures, items, caps (integer fen), award rules, clauses and application rounds.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false };

    /// <param name="calendarZone">The platform calendar's zone: a policy written in another is refused, so dates never mean two days.</param>
    public static PolicyCatalog LoadDirectory(string directory, TimeZoneInfo calendarZone)
    {
        if (!Directory.Exists(directory))
        {
            throw new CatalogException($"The policy catalog folder '{directory}' does not exist.");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CatalogException($"The policy catalog folder '{directory}' holds no policy file (*.json).");
        }

        var policies = files.Select(f => Parse(Path.GetFileName(f), File.ReadAllText(f))).ToList();
        if (policies.FirstOrDefault(p => p.TimeZone.Id != calendarZone.Id) is { } elsewhere)
        {
            throw new CatalogException($"Policy '{elsewhere.PolicyId}' is written in time zone {elsewhere.TimeZone.Id}; this platform's calendar (Policy:TimeZone) is {calendarZone.Id}.");
        }

        var duplicate = policies.GroupBy(p => p.PolicyId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new PolicyCatalog(policies)
            : throw new CatalogException($"Policy '{duplicate.Key}' is defined by more than one catalog file.");
    }

    public static Policy Parse(string fileName, string json)
    {
        PolicyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<PolicyFile>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new CatalogException($"{fileName}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }

        var problems = new List<string>();
        var policy = file is null ? null : Validate(file, problems);
        if (policy is null || problems.Count > 0)
        {
            throw new CatalogException($"{fileName}: {(problems.Count == 0 ? "empty file" : string.Join("; ", problems))}");
        }

        return policy;
    }

    private static Policy? Validate(PolicyFile file, List<string> problems)
    {
        string Required(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{path} is required");
                return string.Empty;
            }

            return value.Trim();
        }

        DateOnly Date(string? value, string path)
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            problems.Add($"{path} must be a date YYYY-MM-DD (got '{value}')");
            return default;
        }

        var policyId = Required(file.PolicyId, "policyId");
        var validFrom = Date(file.ValidFrom, "validFrom");
        var validTo = Date(file.ValidTo, "validTo");
        if (validTo < validFrom)
        {
            problems.Add("validTo is before validFrom");
        }

        TimeZoneInfo timeZone = TimeZoneInfo.Utc;
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(Required(file.TimeZone, "timeZone"));
        }
        catch (TimeZoneNotFoundException)
        {
            problems.Add($"timeZone '{file.TimeZone}' is unknown");
        }

        var rounds = new List<(RoundFile Round, ApplicationRound Value, string Path)>();
        for (var r = 0; r < (file.Rounds?.Count ?? 0); r++)
        {
            var round = file.Rounds![r];
            var path = $"rounds[{r}]";
            var value = new ApplicationRound(Required(round.RoundId, $"{path}.roundId"), Date(round.OpensOn, $"{path}.opensOn"), Date(round.ClosesOn, $"{path}.closesOn"));
            if (value.ClosesOn < value.OpensOn)
            {
                problems.Add($"{path}: closesOn is before opensOn");
            }

            if (value.OpensOn < validFrom || value.ClosesOn > validTo)
            {
                problems.Add($"{path}: a round lies within the policy's validity ({file.ValidFrom} to {file.ValidTo})");
            }

            if (round.Items is not { Count: > 0 })
            {
                problems.Add($"{path}.items names no item");
            }

            rounds.Add((round, value, path));
        }

        var itemCodes = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<PolicyGroup>();
        var measureNumbers = new HashSet<int>();
        for (var g = 0; g < (file.Groups?.Count ?? 0); g++)
        {
            var group = file.Groups![g];
            var gPath = $"groups[{g}]";
            var measures = new List<PolicyMeasure>();
            for (var m = 0; m < (group.Measures?.Count ?? 0); m++)
            {
                var measure = group.Measures![m];
                var mPath = $"{gPath}.measures[{m}]";
                if (!measureNumbers.Add(measure.Number) || measure.Number <= 0)
                {
                    problems.Add($"{mPath}.number {measure.Number} is not a new positive measure number");
                }

                var items = new List<PolicyItem>();
                for (var i = 0; i < (measure.Items?.Count ?? 0); i++)
                {
                    var item = measure.Items![i];
                    var iPath = $"{mPath}.items[{i}]";
                    var code = Required(item.Code, $"{iPath}.code");
                    if (code.Length > 0 && (!ItemCode().IsMatch(code) || !itemCodes.Add(code)))
                    {
                        problems.Add($"{iPath}.code '{code}' is malformed or used twice");
                    }

                    var rule = item.AwardRule switch
                    {
                        "cap" => AwardRule.Cap,
                        "matching_1_to_1" => AwardRule.Matching1To1,
                        "per_regulation" => AwardRule.PerRegulation,
                        "referral" => AwardRule.Referral,
                        _ => (AwardRule?)null,
                    };
                    if (rule is null)
                    {
                        problems.Add($"{iPath}.awardRule '{item.AwardRule}' is not one of cap, matching_1_to_1, per_regulation, referral");
                    }

                    long? capFen = null;
                    if (rule == AwardRule.Cap)
                    {
                        if (long.TryParse(item.CapFen, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
                        {
                            capFen = parsed;
                        }
                        else
                        {
                            problems.Add($"{iPath}.capFen must be a positive whole number of fen for a cap item (got '{item.CapFen}')");
                        }
                    }
                    else if (item.CapFen is not null)
                    {
                        problems.Add($"{iPath}.capFen is only for cap items");
                    }

                    if (rule == AwardRule.Referral && string.IsNullOrWhiteSpace(item.ReferralNote))
                    {
                        problems.Add($"{iPath}.referralNote explains a referral item's refusal and is required");
                    }

                    var itemRounds = rounds.Where(r => r.Round.Items!.Contains(code)).Select(r => r.Value).ToList();
                    items.Add(new PolicyItem(
                        code,
                        Required(item.Clause, $"{iPath}.clause"),
                        string.IsNullOrWhiteSpace(item.Title) ? measure.Title ?? string.Empty : item.Title.Trim(),
                        Required(item.Rewards, $"{iPath}.rewards"),
                        item.Conditions?.Trim() ?? string.Empty,
                        rule ?? AwardRule.Cap,
                        capFen,
                        item.ReferralNote?.Trim(),
                        item.NonCashSupport?.Trim(),
                        // By default one round spanning the whole validity.
                        itemRounds.Count > 0 ? itemRounds : [new ApplicationRound($"{policyId}/{code}", validFrom, validTo)]));
                }

                if (items.Count == 0)
                {
                    problems.Add($"{mPath} has no item");
                }

                measures.Add(new PolicyMeasure(measure.Number, Required(measure.Title, $"{mPath}.title"), items));
            }

            if (measures.Count == 0)
            {
                problems.Add($"{gPath} has no measure");
            }

            groups.Add(new PolicyGroup(Required(group.Code, $"{gPath}.code"), Required(group.Clause, $"{gPath}.clause"), Required(group.Title, $"{gPath}.title"), measures));
        }

        if (groups.Count == 0)
        {
            problems.Add("groups: a policy has at least one group");
        }

        foreach (var (round, _, path) in rounds)
        {
            foreach (var code in round.Items ?? [])
            {
                if (!itemCodes.Contains(code))
                {
                    problems.Add($"{path}.items names '{code}', which is no item of this policy");
                }
            }
        }

        return new Policy(
            policyId,
            Required(file.DocumentNumber, "documentNumber"),
            Required(file.Title, "title"),
            Date(file.IssuedOn, "issuedOn"),
            file.Issuers ?? [],
            file.InterpretedBy ?? string.Empty,
            Required(file.Contact, "contact"),
            validFrom,
            validTo,
            timeZone,
            groups);
    }

    [GeneratedRegex(@"^\d{1,2}(\.\d{1,2})?$")]
    private static partial Regex ItemCode();

    private sealed record PolicyFile(
        string? PolicyId, string? DocumentNumber, string? Title, string? IssuedOn, List<string>? Issuers, string? InterpretedBy,
        string? Contact, string? ValidFrom, string? ValidTo, string? TimeZone, List<GroupFile>? Groups, List<RoundFile>? Rounds);

    private sealed record GroupFile(string? Code, string? Clause, string? Title, List<MeasureFile>? Measures);

    private sealed record MeasureFile(int Number, string? Title, List<ItemFile>? Items);

    private sealed record ItemFile(
        string? Code, string? Clause, string? Title, string? Rewards, string? Conditions, string? AwardRule, string? CapFen, string? ReferralNote, string? NonCashSupport);

    private sealed record RoundFile(string? RoundId, List<string>? Items, string? OpensOn, string? ClosesOn);
}

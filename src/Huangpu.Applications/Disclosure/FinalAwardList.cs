using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MiniExcelLibs;

namespace Huangpu.Applications.Disclosure;

/// <summary>One final award as the public sees it: the organisation (a registered name, never a person's), the item and the amount.</summary>
public sealed record FinalAward(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("organizationName")] string OrganizationName,
    [property: JsonPropertyName("organizationUscc")] string OrganizationUscc,
    [property: JsonPropertyName("itemCode")] string ItemCode,
    [property: JsonPropertyName("itemTitle")] string ItemTitle,
    [property: JsonPropertyName("amountFen")] long AmountFen,
    [property: JsonPropertyName("finalisedOn")] string FinalisedOn)
{
    [JsonPropertyName("amountYuan")]
    public string AmountYuan => FinalAwardList.Yuan(AmountFen);

    [JsonPropertyName("amountWanYuan")]
    public string AmountWanYuan => FinalAwardList.WanYuan(AmountFen);
}

/// <summary>
/// The final award list of a policy (公示期满的奖励名单) in the three public formats. Its JSON schema is
/// documented in docs/disclosure.md; the CSV and XLSX carry the same rows under Chinese headings. Entries hold no
/// personal information: the organisation's registered name and USCC, the item, the amount and the date.
/// </summary>
public static class FinalAwardList
{
    public static readonly IReadOnlyList<string> Headings = ["公示编号", "机构名称", "统一社会信用代码", "支持项目编号", "支持项目", "奖励金额（元）", "奖励金额（万元）", "确认日期"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string WanYuan(long fen) => (fen / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The list as JSON, as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese) or as XLSX.</summary>
    public static (byte[] Content, string ContentType) Render(string policyId, IReadOnlyList<FinalAward> awards, string format, DateTimeOffset generatedAt) => format switch
    {
        "csv" => (Csv(awards), "text/csv; charset=utf-8"),
        "xlsx" => (Xlsx(awards), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        _ => (JsonSerializer.SerializeToUtf8Bytes(new { policyId, generatedAt, awards }, Json), "application/json; charset=utf-8"),
    };

    private static IEnumerable<object?[]> Rows(IReadOnlyList<FinalAward> awards) =>
        awards.Select(a => new object?[] { a.Id, a.OrganizationName, a.OrganizationUscc, a.ItemCode, a.ItemTitle, a.AmountYuan, a.AmountWanYuan, a.FinalisedOn });

    private static byte[] Csv(IReadOnlyList<FinalAward> awards)
    {
        static string Field(object? value)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
        }

        var csv = new StringBuilder();
        csv.AppendJoin(',', Headings.Select(Field)).Append("\r\n");
        foreach (var row in Rows(awards))
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static byte[] Xlsx(IReadOnlyList<FinalAward> awards)
    {
        var sheet = Rows(awards).Select(row => Headings.Select((heading, i) => (heading, value: i is 5 or 6 ? (object?)decimal.Parse((string)row[i]!, CultureInfo.InvariantCulture) : row[i]))
            .ToDictionary(c => c.heading, c => c.value));
        using var stream = new MemoryStream();
        stream.SaveAs(sheet.ToList(), sheetName: "奖励名单");
        return stream.ToArray();
    }
}

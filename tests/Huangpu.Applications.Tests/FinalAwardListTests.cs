using System.Text;
using System.Text.Json;
using Huangpu.Applications.Disclosure;
using MiniExcelLibs;

namespace Huangpu.Applications.Tests;

/// <summary>The public final award list in its three formats: the same rows, Chinese headings, amounts in 元 and 万元.</summary>
public sealed class FinalAwardListTests
{
    private static readonly FinalAward[] Awards =
    [
        new("91310101MA1FPX1234-0192f0c4-0000-7000-8000-000000000001", "上海某某人力资源有限公司", "91310101MA1FPX1234", "4.2", "专利技术应用奖励", 12_000_000, "2026-06-10"),
        new("91310101MA1FPX5678-0192f0c4-0000-7000-8000-000000000002", "上海\"逗号,引号\"人才服务中心", "91310101MA1FPX5678", "14.1", "伯乐奖配套", 5_000_050, "2026-06-11"),
    ];

    [Fact]
    public void Json_carries_the_documented_fields_with_amounts_in_fen_yuan_and_wan_yuan()
    {
        var (content, type) = FinalAwardList.Render("HRS-2024-2", Awards, "json", DateTimeOffset.UnixEpoch);
        Assert.StartsWith("application/json", type, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(content);
        var first = doc.RootElement.GetProperty("awards")[0];
        Assert.Equal("HRS-2024-2", doc.RootElement.GetProperty("policyId").GetString());
        Assert.Equal((12_000_000L, "120000.00", "12"), (first.GetProperty("amountFen").GetInt64(), first.GetProperty("amountYuan").GetString(), first.GetProperty("amountWanYuan").GetString()));
        Assert.Equal("5.00005", doc.RootElement.GetProperty("awards")[1].GetProperty("amountWanYuan").GetString());
        Assert.StartsWith(first.GetProperty("organizationUscc").GetString(), first.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_is_utf8_with_a_byte_order_mark_chinese_headings_and_quoted_fields()
    {
        var (content, type) = FinalAwardList.Render("HRS-2024-2", Awards, "csv", DateTimeOffset.UnixEpoch);
        Assert.StartsWith("text/csv", type, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetPreamble(), content[..3]);
        var lines = Encoding.UTF8.GetString(content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', FinalAwardList.Headings), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"上海\"\"逗号,引号\"\"人才服务中心\"", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",50000.50,5.00005,2026-06-11", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_holds_the_same_rows_under_the_chinese_headings_with_numeric_amounts()
    {
        var (content, type) = FinalAwardList.Render("HRS-2024-2", Awards, "xlsx", DateTimeOffset.UnixEpoch);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type);
        using var stream = new MemoryStream(content);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(FinalAwardList.Headings, rows[0].Keys);
        Assert.Equal("上海某某人力资源有限公司", rows[0]["机构名称"]);
        Assert.Equal(120000m, Convert.ToDecimal(rows[0]["奖励金额（元）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5.00005m, Convert.ToDecimal(rows[1]["奖励金额（万元）"], System.Globalization.CultureInfo.InvariantCulture));
    }
}

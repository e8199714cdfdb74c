using System.Globalization;

/// <summary>Valid USCCs for load (GB 32100 check digit), distinct per serial.</summary>
internal static class BenchData
{
    public static string Uscc(int serial)
    {
        const string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var body = string.Create(CultureInfo.InvariantCulture, $"91310101{serial:D9}");
        var sum = body.Select((c, i) => charset.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return body + charset[(31 - (sum % 31)) % 31];
    }
}

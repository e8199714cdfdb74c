namespace Huangpu.Testing;

/// <summary>Valid, unique Unified Social Credit Codes for tests; the GB 32100 check digit is computed here independently of the Registry's validator.</summary>
public static class TestCodes
{
    private const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static int _counter = Random.Shared.Next(0, 100_000_000);

    public static string NewUscc()
    {
        var serial = (uint)Interlocked.Increment(ref _counter) % 1_000_000_000;
        var body = $"91310101{serial:D9}";
        var sum = body.Select((c, i) => Charset.IndexOf(c, StringComparison.Ordinal) * Weights[i]).Sum();
        return body + Charset[(31 - (sum % 31)) % 31];
    }
}

using System.Globalization;

namespace Huangpu.Contracts;

/// <summary>
/// Amounts held in fen, written as people read them in messages: whole 万元 as 万元 ("150 万元"), anything else
/// in 元 with its fen ("1,234.56 元"); in English, yuan ("CNY 1,500,000.00").
/// </summary>
public static class AmountText
{
    public static string Chinese(long fen) =>
        fen != 0 && fen % 1_000_000 == 0
            ? $"{(fen / 1_000_000).ToString("N0", CultureInfo.InvariantCulture)} 万元"
            : $"{(fen / 100m).ToString("N2", CultureInfo.InvariantCulture)} 元";

    public static string English(long fen) => $"CNY {(fen / 100m).ToString("N2", CultureInfo.InvariantCulture)}";
}

namespace Huangpu.ExpertReview.Domain;

/// <summary>The scoring rules (configuration; the brief's defaults).</summary>
public sealed class ScoringOptions
{
    /// <summary>A panel score at or above this passes (default 60).</summary>
    public decimal PassMark { get; set; } = 60m;

    /// <summary>A spread (max − min of the totals) above this requires a consensus record (default 30).</summary>
    public decimal SpreadThreshold { get; set; } = 30m;

    /// <summary>With at least this many scores, one highest and one lowest are dropped before the mean (default 5).</summary>
    public int TrimFrom { get; set; } = 5;
}

/// <summary>
/// The panel's arithmetic, pure: the trimmed mean of the totals, their spread, and the median of the recommended
/// amounts clipped to what was requested and to the item's cap.
/// </summary>
public static class PanelResult
{
    /// <summary>The mean after dropping one highest and one lowest total when there are at least <paramref name="trimFrom"/>; to two decimals.</summary>
    public static decimal TrimmedMean(IReadOnlyList<decimal> totals, int trimFrom)
    {
        var sorted = totals.Order().ToList();
        var kept = sorted.Count >= trimFrom ? sorted[1..^1] : sorted;
        return Math.Round(kept.Average(), 2, MidpointRounding.AwayFromZero);
    }

    public static decimal Spread(IReadOnlyList<decimal> totals) => totals.Max() - totals.Min();

    /// <summary>The median (the lower of the two middle amounts for an even count: never more than a majority recommends).</summary>
    public static long Median(IReadOnlyList<long> amounts)
    {
        var sorted = amounts.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    /// <summary>The panel's recommendation: the median, never above the requested amount or the cap.</summary>
    public static long Recommendation(IReadOnlyList<long> amounts, long requestedFen, long capFen) =>
        Math.Min(Median(amounts), Math.Min(requestedFen, capFen));
}

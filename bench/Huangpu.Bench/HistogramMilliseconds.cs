using System.Diagnostics;
using HdrHistogram;

namespace Huangpu.Bench;

/// <summary>Latencies recorded in <see cref="Stopwatch"/> ticks, read out in milliseconds.</summary>
internal static class HistogramMilliseconds
{
    /// <summary>A span of <see cref="Stopwatch"/> ticks in milliseconds.</summary>
    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The latency at <paramref name="percentile"/>, in milliseconds.</summary>
    public static double Ms(LongHistogram histogram, double percentile) => Ms(histogram.GetValueAtPercentile(percentile));

    /// <summary>The longest latency recorded, in milliseconds.</summary>
    public static double MaxMs(LongHistogram histogram) => Ms(histogram.GetMaxValue());
}

namespace Huangpu.BuildingBlocks.Hosting;

public static class ClockExtensions
{
    /// <summary>Now, truncated to the microseconds PostgreSQL keeps, so an answer and a later read agree.</summary>
    public static DateTimeOffset GetUtcNowForStorage(this TimeProvider clock) => ToStoragePrecision(clock.GetUtcNow());

    /// <summary>An instant truncated to whole microseconds, in UTC: what a PostgreSQL timestamptz gives back.</summary>
    public static DateTimeOffset ToStoragePrecision(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}

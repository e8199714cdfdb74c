namespace Huangpu.BuildingBlocks.Hosting;

public static class ClockExtensions
{
    /// <summary>Now, truncated to the microseconds PostgreSQL keeps, so an answer and a later read agree.</summary>
    public static DateTimeOffset GetUtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }
}

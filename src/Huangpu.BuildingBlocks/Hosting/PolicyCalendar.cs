using Microsoft.Extensions.Configuration;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>
/// The platform's one clock and calendar: instants from the injected <see cref="TimeProvider"/>, dates in the
/// time zone the policies are written in (Asia/Shanghai: "today" is the Shanghai date everywhere). The zone is
/// configuration (<c>Policy:TimeZone</c>); the Applications catalog refuses a policy file that names another.
/// Infrastructure (token lifetimes, call deadlines, timers) keeps the real clock.
/// </summary>
public sealed class PolicyCalendar(TimeProvider clock, TimeZoneInfo zone, Func<TimeSpan>? developmentOffset = null)
{
    public const string DefaultZone = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The zone configured for this deployment (<c>Policy:TimeZone</c>, else Asia/Shanghai).</summary>
    public static TimeZoneInfo ConfiguredZone(IConfiguration configuration) =>
        TimeZoneInfo.FindSystemTimeZoneById(configuration["Policy:TimeZone"] is { Length: > 0 } id ? id : DefaultZone);

    /// <summary>
    /// Now, truncated to the microseconds PostgreSQL keeps. In Development it is moved forward by the suite's
    /// shared offset (<c>POST /dev/clock</c>), so a walk can pass a notice period; elsewhere it is the clock's.
    /// </summary>
    public DateTimeOffset Now() => ClockExtensions.ToStoragePrecision(Clock.GetUtcNow() + (developmentOffset?.Invoke() ?? TimeSpan.Zero));

    /// <summary>Today's date in the policies' zone.</summary>
    public DateOnly Today() => DateOf(Now());

    /// <summary>The policies' calendar date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant a date begins in the policies' zone.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}

using Microsoft.Extensions.Configuration;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>
/// The platform's one clock and calendar: instants from the injected <see cref="TimeProvider"/>, dates in the
/// time zone the policies are written in (Asia/Shanghai: "today" is the Shanghai date everywhere). The zone is
/// configuration (<c>Policy:TimeZone</c>); the Applications catalog refuses a policy file that names another.
/// </summary>
public sealed class PolicyCalendar(TimeProvider clock, TimeZoneInfo zone)
{
    public const string DefaultZone = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The zone configured for this deployment (<c>Policy:TimeZone</c>, else Asia/Shanghai).</summary>
    public static TimeZoneInfo ConfiguredZone(IConfiguration configuration) =>
        TimeZoneInfo.FindSystemTimeZoneById(configuration["Policy:TimeZone"] is { Length: > 0 } id ? id : DefaultZone);

    /// <summary>Now, truncated to the microseconds PostgreSQL keeps (<see cref="ClockExtensions.GetUtcNowForStorage"/>).</summary>
    public DateTimeOffset Now() => Clock.GetUtcNowForStorage();

    /// <summary>Today's date in the policies' zone.</summary>
    public DateOnly Today() => DateOf(Clock.GetUtcNow());

    /// <summary>The policies' calendar date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant a date begins in the policies' zone.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}

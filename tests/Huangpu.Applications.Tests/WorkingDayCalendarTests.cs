using Huangpu.Applications.Calendar;

namespace Huangpu.Applications.Tests;

/// <summary>Notice periods on the official working-day calendar (the data files of 2025 and 2026).</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Calendar", "Data"));

    [Theory]
    // Mon 29 Sep 2025: 29, 30 Sep; 1–8 Oct off (National Day and Mid-Autumn); Thu 9, Fri 10, Sat 11 Oct (make-up).
    [InlineData("2025-09-29", 5, "2025-10-11")]
    // Sun 28 Sep 2025 is a make-up working day and counts as the first.
    [InlineData("2025-09-28", 5, "2025-10-10")]
    // Thu 12 Feb 2026: 12, 13, Sat 14 (make-up); 15–23 Feb off (Spring Festival); Tue 24, Wed 25.
    [InlineData("2026-02-12", 5, "2026-02-25")]
    // A start inside the holiday counts from the first working day after it; Sat 28 Feb 2026 is a make-up day.
    [InlineData("2026-02-17", 5, "2026-02-28")]
    // An ordinary week: a Wednesday start ends the next Tuesday.
    [InlineData("2026-12-02", 5, "2026-12-08")]
    public void The_notice_ends_on_the_nth_working_day_counting_its_first_day(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Calendar.AddWorkingDays(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days));

    [Theory]
    [InlineData("2025-10-01", false)]
    [InlineData("2025-10-11", true)]
    [InlineData("2026-02-14", true)]
    [InlineData("2026-02-23", false)]
    [InlineData("2026-12-05", false)]
    public void Holidays_and_make_up_working_days_come_from_the_data(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_year_without_data_is_an_error_naming_the_year_never_a_guess()
    {
        var missing = Assert.Throws<CalendarYearMissingException>(() => Calendar.AddWorkingDays(new DateOnly(2026, 12, 28), 5));
        Assert.Equal(2027, missing.Year);
        Assert.Contains("2027", missing.Message, StringComparison.Ordinal);
    }
}

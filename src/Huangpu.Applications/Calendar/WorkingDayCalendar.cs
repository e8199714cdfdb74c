using System.Globalization;
using System.Text.Json;

namespace Huangpu.Applications.Calendar;

/// <summary>One year of the mainland-China working calendar, as the State Council's notice sets it.</summary>
public sealed record CalendarYear(int Year, string Source, IReadOnlySet<DateOnly> Holidays, IReadOnlySet<DateOnly> MakeUpWorkingDays);

/// <summary>A year without data: never a guess.</summary>
public sealed class CalendarYearMissingException(int year)
    : Exception($"The working-day calendar has no data for {year}; add Calendar/Data/{year}.json from the State Council's notice.")
{
    public int Year { get; } = year;
}

/// <summary>
/// The working-day calendar (工作日): Monday to Friday, less the public holidays, plus the adjusted make-up
/// working days (调休), per year as data (<c>Calendar/Data/{year}.json</c>). Public notice periods count on it.
/// </summary>
public sealed class WorkingDayCalendar(IReadOnlyList<CalendarYear> years)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };
    private readonly Dictionary<int, CalendarYear> _years = years.ToDictionary(y => y.Year);

    public IReadOnlyCollection<CalendarYear> Years => _years.Values;

    public CalendarYear Year(int year) => _years.TryGetValue(year, out var data) ? data : throw new CalendarYearMissingException(year);

    public bool IsWorkingDay(DateOnly date)
    {
        var year = Year(date.Year);
        return year.MakeUpWorkingDays.Contains(date)
            || (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !year.Holidays.Contains(date));
    }

    /// <summary>The <paramref name="days"/>th working day counting <paramref name="from"/> as the first when it is one.</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var date = from;
        var counted = 0;
        while (true)
        {
            if (IsWorkingDay(date) && ++counted == days)
            {
                return date;
            }

            date = date.AddDays(1);
        }
    }

    public static WorkingDayCalendar LoadDirectory(string directory)
    {
        var years = new List<CalendarYear>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var data = JsonSerializer.Deserialize<YearFile>(File.ReadAllText(file), Json) ?? throw new InvalidOperationException($"{file}: empty.");
            DateOnly Parse(string value)
            {
                var date = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return date.Year == data.Year ? date : throw new InvalidOperationException($"{Path.GetFileName(file)}: {value} is not in {data.Year}.");
            }

            var holidays = (data.Holidays ?? []).Select(Parse).ToHashSet();
            var makeUp = (data.MakeUpWorkingDays ?? []).Select(Parse).ToHashSet();
            if (holidays.FirstOrDefault(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) is var weekend && weekend != default)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)}: holiday {weekend:yyyy-MM-dd} is a weekend day; list only the weekdays a holiday takes off.");
            }

            if (makeUp.FirstOrDefault(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) is var weekday && weekday != default)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)}: make-up working day {weekday:yyyy-MM-dd} is not a weekend day.");
            }

            years.Add(new CalendarYear(data.Year, data.Source ?? string.Empty, holidays, makeUp));
        }

        return new WorkingDayCalendar(years);
    }

    private sealed record YearFile(int Year, string? Source, List<string>? Holidays, List<string>? MakeUpWorkingDays);
}

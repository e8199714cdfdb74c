using System.Diagnostics;
using System.Globalization;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>
/// Development only: the suite's shared clock offset, a number of days in a file of the AppHost's state folder
/// (<c>Huangpu:DevClockFile</c>). The gateway's <c>POST /dev/clock</c> moves it forward; every process reads it
/// (at most once a second), so the whole platform's calendar moves at once. The AppHost removes the file when it
/// starts: the offset resets with the suite.
/// </summary>
public sealed class DevelopmentClock(string path)
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private long _readAt = long.MinValue;

    public const string ConfigurationKey = "Huangpu:DevClockFile";

    public TimeSpan Offset()
    {
        lock (_gate)
        {
            if (Stopwatch.GetElapsedTime(_readAt) >= ReadEvery || _readAt == long.MinValue)
            {
                _offset = TimeSpan.FromDays(Read());
                _readAt = Stopwatch.GetTimestamp();
            }

            return _offset;
        }
    }

    /// <summary>Back to the real clock (a script done with its walk).</summary>
    public void Reset() => Write(0);

    /// <summary>Moves the shared offset forward by whole days; returns the new offset.</summary>
    public TimeSpan Advance(int days) => Write(Read() + days);

    private TimeSpan Write(int total)
    {
        lock (_gate)
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, total.ToString(CultureInfo.InvariantCulture));
            File.Move(temporary, path, overwrite: true);
            _offset = TimeSpan.FromDays(total);
            _readAt = Stopwatch.GetTimestamp();
            return _offset;
        }
    }

    private int Read() =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : 0;
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Huangpu.EndToEnd.Tests;

/// <summary>
/// Writes the AppHost's log, resource output included, to a file beside the test results, so a failed
/// run on CI can be read afterwards.
/// </summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly BlockingCollection<string> _lines = new(100_000);
    private readonly object _gate = new();
    private Task? _writer;

    public ILogger CreateLogger(string categoryName)
    {
        lock (_gate)
        {
            _writer ??= Task.Factory.StartNew(WriteLoop, TaskCreationOptions.LongRunning);
        }

        return new FileLogger(categoryName, _lines);
    }

    public void Dispose()
    {
        _lines.CompleteAdding();
        _writer?.Wait(TimeSpan.FromSeconds(5));
        _lines.Dispose();
    }

    private void WriteLoop()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = new StreamWriter(path, append: true) { AutoFlush = true };
        foreach (var line in _lines.GetConsumingEnumerable())
        {
            file.WriteLine(line);
        }
    }

    private sealed class FileLogger(string category, BlockingCollection<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || lines.IsAddingCompleted)
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
            lines.TryAdd(exception is null ? line : $"{line}\n{exception}");
        }
    }
}

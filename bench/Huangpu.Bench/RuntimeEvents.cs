using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Huangpu.Bench;

/// <summary>
/// What the .NET runtime of some processes did that stops or delays requests, as it happened (EventPipe, the GC and
/// threading events): each pause for a collection, with its start and length, and each change of the thread pool's
/// worker count with the pool's reason (starvation: work waited half a second for a thread). Set beside a slow
/// answer's send and arrival, they say whether a process was stopped or short of threads at that moment.
/// </summary>
internal sealed class RuntimeEvents : IDisposable
{
    private readonly List<(EventPipeSession Session, Thread Reader)> sessions = [];
    private readonly ConcurrentQueue<Pause> pauses = new();
    private readonly ConcurrentQueue<PoolChange> poolChanges = new();

    /// <summary>A stop of every managed thread of <paramref name="Process"/> (a collection's suspension to the restart).</summary>
    /// <param name="Collection">The collection that ran in the pause: generation, kind (blocking, background) and trigger.</param>
    public sealed record Pause(string Process, DateTime StartUtc, double Milliseconds, string Collection)
    {
        public DateTime EndUtc => StartUtc.AddMilliseconds(Milliseconds);
    }

    /// <summary>The thread pool of <paramref name="Process"/> set its worker count to <paramref name="Workers"/>.</summary>
    public sealed record PoolChange(string Process, DateTime Utc, int Workers, string Reason);

    /// <summary>Starts watching; a process that cannot be attached to (ended, another user's) is left out and named.</summary>
    public static RuntimeEvents Watch(IEnumerable<(string Name, int Pid)> processes)
    {
        var events = new RuntimeEvents();
        foreach (var (name, pid) in processes)
        {
            try
            {
                events.Attach(name, pid);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
            {
                Console.WriteLine($"  runtime events: {name} ({pid}) not watched: {ex.Message}");
            }
        }

        return events;
    }

    private void Attach(string name, int pid)
    {
        var providers = new[]
        {
            new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Threading)),
        };
        var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 64);
        var reader = new Thread(() => Read(name, session)) { IsBackground = true, Name = $"runtime events of {name}" };
        reader.Start();
        sessions.Add((session, reader));
    }

    private void Read(string name, EventPipeSession session)
    {
        try
        {
            using var source = new EventPipeEventSource(session.EventStream);
            // A pause in its parts: stopping the threads (each must reach a safe point, and one that waits for a core
            // delays them all), the collection itself, and restarting them.
            DateTime? suspended = null;
            DateTime suspendedAll = default, collectionStarted = default, collectionEnded = default, stageStarted = default;
            var collection = "no collection started";
            var stages = new List<string>();
            source.Clr.GCSuspendEEStart += e =>
            {
                suspended = e.TimeStamp.ToUniversalTime();
                suspendedAll = collectionStarted = collectionEnded = default;
                collection = "no collection started";
            };
            source.Clr.GCSuspendEEStop += e => suspendedAll = e.TimeStamp.ToUniversalTime();
            source.Clr.GCStart += e =>
            {
                collectionStarted = stageStarted = e.TimeStamp.ToUniversalTime();
                collection = string.Create(CultureInfo.InvariantCulture, $"gen {e.Depth} {e.Type} for {e.Reason} on thread {e.ThreadID}");
                stages.Clear();
            };
            // The collection in its stages: marking from each kind of root (the runtime reports each as it finishes),
            // then the rest (planning, relocating, compacting or sweeping).
            source.Clr.GCMarkWithType += e =>
            {
                var at = e.TimeStamp.ToUniversalTime();
                stages.Add(string.Create(CultureInfo.InvariantCulture, $"{RootKind((int)e.Type)} {(at - stageStarted).TotalMilliseconds:F1}"));
                stageStarted = at;
            };
            source.Clr.GCStop += e =>
            {
                collectionEnded = e.TimeStamp.ToUniversalTime();
                if (stages.Count > 0)
                {
                    stages.Add(string.Create(CultureInfo.InvariantCulture, $"the rest {(collectionEnded - stageStarted).TotalMilliseconds:F1}"));
                }
            };
            source.Clr.GCHeapStats += e => collection += string.Create(CultureInfo.InvariantCulture,
                $", {e.TotalPromotedSize0 / 1e6:F1} MB promoted from gen 0, heap after {(e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4) / 1e6:F0} MB");
            source.Clr.GCRestartEEStop += e =>
            {
                if (suspended is { } start)
                {
                    var end = e.TimeStamp.ToUniversalTime();
                    var parts = suspendedAll == default ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                        $"; stopping the threads {(suspendedAll - start).TotalMilliseconds:F1} ms, collecting {(collectionEnded > collectionStarted ? (collectionEnded - collectionStarted).TotalMilliseconds : 0):F1} ms") +
                        (stages.Count == 0 ? string.Empty : $" ({string.Join(", ", stages)} ms)");
                    pauses.Enqueue(new Pause(name, start, (end - start).TotalMilliseconds, collection + parts));
                    suspended = null;
                }
            };
            source.Clr.ThreadPoolWorkerThreadAdjustmentAdjustment += e =>
                poolChanges.Enqueue(new PoolChange(name, e.TimeStamp.ToUniversalTime(), (int)e.NewWorkerThreadCount, e.Reason.ToString()));
            source.Process();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
        {
            // The session ended with the process or the benchmark.
        }
    }

    /// <summary>The kind of root a mark stage started from, as the runtime numbers them in its mark events.</summary>
    private static string RootKind(int type) => type switch
    {
        0 => "stacks",
        1 => "finalization queue",
        2 => "handles",
        3 => "older generations",
        4 => "sized references",
        5 => "overflow",
        6 => "dependent handles",
        7 => "finalizable objects",
        8 => "stolen work",
        9 => "background",
        _ => $"root kind {type}",
    };

    /// <summary>The pauses that overlap [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<Pause> PausesBetween(DateTime from, DateTime to) =>
        [.. pauses.Where(p => p.StartUtc <= to && p.EndUtc >= from)];

    /// <summary>The thread pools' changes in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<PoolChange> PoolChangesBetween(DateTime from, DateTime to) =>
        [.. poolChanges.Where(c => c.Utc >= from && c.Utc <= to)];

    /// <summary>Per process, the longest pause and the pauses' sum in the window, and the pool's starvation injections.</summary>
    public string Summary(DateTime from, DateTime to)
    {
        var inWindow = PausesBetween(from, to);
        var starved = PoolChangesBetween(from, to).Where(c => c.Reason == "Starvation").ToList();
        return string.Join("; ", inWindow.Select(p => p.Process).Concat(starved.Select(c => c.Process)).Distinct().Order(StringComparer.Ordinal).Select(process =>
        {
            var mine = inWindow.Where(p => p.Process == process).ToList();
            var injections = starved.Count(c => c.Process == process);
            var longest = mine.MaxBy(p => p.Milliseconds);
            return string.Create(CultureInfo.InvariantCulture,
                $"{process} {mine.Count} pauses, {mine.Sum(p => p.Milliseconds):F0} ms in all, the longest {longest?.Milliseconds ?? 0:F1} ms{(longest is null ? string.Empty : $" at {longest.StartUtc:HH:mm:ss.fff} ({longest.Collection})")}; {injections} threads added for starvation");
        }));
    }

    /// <summary>Every pause in the window longer than <paramref name="milliseconds"/>, by process, with its start.</summary>
    public string PausesOver(double milliseconds, DateTime from, DateTime to)
    {
        var parts = PausesBetween(from, to).Where(p => p.Milliseconds > milliseconds).OrderBy(p => p.StartUtc)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Process} {p.Milliseconds:F1} ms at {p.StartUtc:HH:mm:ss.fff}")).ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    /// <summary>What happened in the processes during [<paramref name="from"/>, <paramref name="to"/>], one line.</summary>
    public string During(DateTime from, DateTime to)
    {
        var parts = PausesBetween(from, to).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Process} paused {p.Milliseconds:F1} ms ({p.Collection}) at {p.StartUtc:HH:mm:ss.fff}"))
            .Concat(PoolChangesBetween(from, to).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Process} pool → {c.Workers} workers ({c.Reason}) at {c.Utc:HH:mm:ss.fff}")))
            .ToList();
        return parts.Count == 0 ? "no pause or pool change in the watched processes" : string.Join(", ", parts);
    }

    public void Dispose()
    {
        foreach (var (session, reader) in sessions)
        {
            try
            {
                session.Stop();
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
            {
                // The process has gone.
            }

            reader.Join(TimeSpan.FromSeconds(5));
            session.Dispose();
        }
    }
}

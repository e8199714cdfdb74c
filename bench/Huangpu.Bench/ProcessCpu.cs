using System.Globalization;

namespace Huangpu.Bench;

/// <summary>
/// CPU time used by the processes on this machine, grouped by what they are (each platform service with its
/// replicas, PostgreSQL, RabbitMQ, Redis, the dashboard, this load generator), read from /proc: where a phase's
/// cores went, and how long their threads waited in a run queue for one (/proc/&lt;pid&gt;/task/*/schedstat).
/// </summary>
internal sealed class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux
    private readonly Dictionary<int, (string Group, double Seconds, Dictionary<int, long> Waited)> processes;
    private readonly (double Busy, double Total) machine;
    private readonly (long Opened, long ListenOverflows, long Retransmits, long Timeouts) tcp;

    private ProcessCpu(Dictionary<int, (string Group, double Seconds, Dictionary<int, long> Waited)> processes, (double Busy, double Total) machine, (long Opened, long ListenOverflows, long Retransmits, long Timeouts) tcp)
    {
        this.processes = processes;
        this.machine = machine;
        this.tcp = tcp;
    }

    public static ProcessCpu Sample()
    {
        var processes = new Dictionary<int, (string Group, double Seconds, Dictionary<int, long> Waited)>();
        foreach (var (group, pid, directory) in GroupedProcesses())
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                processes[pid] = (group, ticks / TicksPerSecond, RunQueueWait(directory));
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return new ProcessCpu(processes, MachineTicks(), TcpCounters());
    }

    /// <summary>The processes of the groups named (the platform's services by name, "load generator"), pid by pid.</summary>
    public static IReadOnlyList<(string Group, int Pid)> ProcessesOf(params string[] groups) =>
        [.. GroupedProcesses().Where(p => groups.Contains(p.Group)).Select(p => (p.Group, p.Pid))];

    /// <summary>Every process this machine runs that belongs to a group (this process is the load generator), with its /proc folder.</summary>
    private static IEnumerable<(string Group, int Pid, string Directory)> GroupedProcesses()
    {
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && (pid == self ? "load generator" : GroupOfProcess(directory)) is { } group)
            {
                yield return (group, pid, directory);
            }
        }
    }

    /// <summary>The group of the process whose /proc folder this is; null when it belongs to none, has ended or is another user's.</summary>
    private static string? GroupOfProcess(string directory)
    {
        try
        {
            return GroupOf(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Until the machine is quiet (fewer than <paramref name="cores"/> busy for two seconds in a row, or
    /// <paramref name="timeout"/> passed): work left over from before (events still being digested, compilation,
    /// collections) must not run into the next phase. Returns the seconds waited.
    /// </summary>
    public static async Task<double> WaitForQuietAsync(double cores, TimeSpan timeout)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var quietSeconds = 0;
        var before = MachineTicks();
        while (quietSeconds < 2 && System.Diagnostics.Stopwatch.GetElapsedTime(start) < timeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = MachineTicks();
            var busy = (now.Busy - before.Busy) / (now.Total - before.Total) * MachineCores;
            quietSeconds = busy < cores ? quietSeconds + 1 : 0;
            before = now;
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// Nanoseconds each of the process's threads has waited in a run queue for a core (schedstat's second field), by
    /// thread: a thread that ends must not take its wait out of the process's sum.
    /// </summary>
    private static Dictionary<int, long> RunQueueWait(string directory)
    {
        var waits = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories(Path.Combine(directory, "task")))
        {
            try
            {
                var schedstat = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                waits[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = long.Parse(schedstat[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return waits;
    }

    /// <summary>
    /// The machine's cores (/proc/stat), which the generator's own <see cref="Environment.ProcessorCount"/> is not
    /// when it runs pinned to some of them (PLACEMENT=split).
    /// </summary>
    private static readonly int MachineCores = File.ReadLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]));

    /// <summary>
    /// TCP connections this machine has opened (/proc/net/snmp, Tcp ActiveOpens); how often a listening socket's queue
    /// of connections not yet accepted was full (/proc/net/netstat, TcpExt ListenOverflows: the attempt is dropped and
    /// the client tries again a second later); segments sent again (Tcp RetransSegs) and retransmission timeouts (TcpExt
    /// TCPTimeouts): on loopback a lost segment costs its sender at least 200 ms.
    /// </summary>
    private static (long Opened, long ListenOverflows, long Retransmits, long Timeouts) TcpCounters() =>
        (Counter("/proc/net/snmp", "Tcp:", "ActiveOpens"), Counter("/proc/net/netstat", "TcpExt:", "ListenOverflows"),
         Counter("/proc/net/snmp", "Tcp:", "RetransSegs"), Counter("/proc/net/netstat", "TcpExt:", "TCPTimeouts"));

    /// <summary>One counter of a /proc/net table: a line of names and a line of values under the same prefix.</summary>
    private static long Counter(string file, string prefix, string name)
    {
        var lines = File.ReadLines(file).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, name)], CultureInfo.InvariantCulture);
    }

    /// <summary>All cores' ticks from /proc/stat: busy (everything but idle and I/O wait) and in all.</summary>
    private static (double Busy, double Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - fields[3] - fields[4], total);
    }

    private static string? GroupOf(string commandLine)
    {
        foreach (var name in new[] { "Gateway", "Registry", "Applications", "ExpertReview", "Payments", "Compliance", "TreasurySimulator", "AppHost" })
        {
            if (commandLine.Contains($"Huangpu.{name}.dll", StringComparison.Ordinal))
            {
                return name;
            }
        }

        return commandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal) ? "dashboard"
            : commandLine.StartsWith("postgres", StringComparison.Ordinal) || commandLine.Contains("/postgres ", StringComparison.Ordinal) ? "PostgreSQL"
            : commandLine.Contains("beam.smp", StringComparison.Ordinal) || commandLine.Contains("rabbit", StringComparison.Ordinal) ? "RabbitMQ"
            : commandLine.Contains("redis-server", StringComparison.Ordinal) ? "Redis"
            : commandLine.Contains("otlp-sink", StringComparison.Ordinal) ? "telemetry sink"
            : null;
    }

    /// <summary>
    /// Cores used by each group between <paramref name="earlier"/> and this sample, busiest first; process by process,
    /// so a PostgreSQL backend that ended or began between the two (a pooled connection closed or opened) counts right.
    /// </summary>
    public string CoresSince(ProcessCpu earlier, double wallSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"machine {(machine.Busy - earlier.machine.Busy) / (machine.Total - earlier.machine.Total) * MachineCores:F2} of {MachineCores}, {(tcp.Opened - earlier.tcp.Opened) / wallSeconds:F0} TCP connections opened/s, {tcp.ListenOverflows - earlier.tcp.ListenOverflows} refused by a full listen queue, {tcp.Retransmits - earlier.tcp.Retransmits} segments retransmitted after {tcp.Timeouts - earlier.tcp.Timeouts} timeouts; ")
        + PerGroup(earlier, wallSeconds, (now, before) => now.Seconds - (before?.Seconds ?? 0));

    /// <summary>
    /// Threads waiting for a core in each group between <paramref name="earlier"/> and this sample, on average (seconds
    /// of run-queue wait per second), most first.
    /// </summary>
    public string WaitingSince(ProcessCpu earlier, double wallSeconds) =>
        PerGroup(earlier, wallSeconds, (now, before) => now.Waited.Sum(t => t.Value - (before?.Waited.GetValueOrDefault(t.Key) ?? 0)) / 1e9);

    private string PerGroup(
        ProcessCpu earlier,
        double wallSeconds,
        Func<(string Group, double Seconds, Dictionary<int, long> Waited), (string Group, double Seconds, Dictionary<int, long> Waited)?, double> since) =>
        string.Join(", ", processes
            .Select(p => (p.Value.Group, Amount: since(p.Value, earlier.processes.TryGetValue(p.Key, out var before) ? before : null)))
            .GroupBy(p => p.Group, p => p.Amount)
            .Select(g => (Group: g.Key, PerSecond: g.Sum() / wallSeconds))
            .Where(s => s.PerSecond >= 0.005)
            .OrderByDescending(s => s.PerSecond)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Group} {s.PerSecond:F2}")));
}

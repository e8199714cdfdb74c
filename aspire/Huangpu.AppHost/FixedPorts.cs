using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Huangpu.AppHost;

/// <summary>
/// The fixed ports the suite binds (gateway, servers, Erlang port mapper), checked before anything starts: a
/// port another process holds stops start-up at once with a message naming the port and, where /proc tells,
/// the process that holds it. Without this, a stray server (an orphaned <c>epmd</c> above all) made the next
/// start wait for ever on a resource that could not bind.
/// </summary>
internal static class FixedPorts
{
    /// <summary>Throws naming every port in use; nothing has been started when it does.</summary>
    public static void EnsureFree(IReadOnlyDictionary<string, int> ports)
    {
        var taken = ports
            .Where(p => !IsFree(p.Value))
            .Select(p => $"port {p.Value} ({p.Key}) is in use{Holder(p.Value)}")
            .ToList();
        if (taken.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot start: {string.Join("; ", taken)}. Stop that process or choose other ports (HP_GATEWAY_PORT, HP_GATEWAY_GRPC_PORT, Huangpu:Ports:*).");
        }
    }

    /// <summary>
    /// Free when nothing listens on it: the kernel's table of listening sockets where there is one (a port in
    /// TIME_WAIT after the last stop is free for the servers, which bind with SO_REUSEADDR), else a trial bind.
    /// </summary>
    internal static bool IsFree(int port)
    {
        if (File.Exists("/proc/net/tcp"))
        {
            return ListeningSocketInodes(port).Count == 0;
        }

        foreach (var address in new[] { IPAddress.Loopback, IPAddress.Any })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>" by pid N (command line)" for the process listening on the port, when /proc shows it; else empty.</summary>
    internal static string Holder(int port)
    {
        try
        {
            var inodes = ListeningSocketInodes(port);
            if (inodes.Count == 0)
            {
                return string.Empty;
            }

            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                if (HoldsAny(process, inodes))
                {
                    var commandLine = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ').Trim();
                    return string.Create(CultureInfo.InvariantCulture, $" by pid {pid} ({commandLine})");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or /proc hides the holder: the port alone is named.
        }

        return string.Empty;
    }

    private static HashSet<string> ListeningSocketInodes(int port)
    {
        const string Listen = "0A";
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == Listen
                    && int.Parse(columns[1][(columns[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add(columns[9]);
                }
            }
        }

        return inodes;
    }

    private static bool HoldsAny(string process, HashSet<string> inodes)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A process that exited meanwhile, or one we may not look into.
        }

        return false;
    }
}

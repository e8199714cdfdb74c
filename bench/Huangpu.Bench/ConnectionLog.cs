using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Huangpu.Bench;

/// <summary>
/// The TCP connections a client opened, each with when its connect began and how long it took: whether a slow answer
/// waited for a connection of its own (a SYN dropped by a full listen queue is sent again only after a second).
/// </summary>
internal sealed class ConnectionLog
{
    private readonly ConcurrentQueue<(long Started, long Ticks)> connects = new();

    /// <summary>A handler whose every new connection is logged here; otherwise as the client's default.</summary>
    public SocketsHttpHandler Handler(int maxConnections) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var started = Stopwatch.GetTimestamp();
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            connects.Enqueue((started, Stopwatch.GetTimestamp() - started));
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    /// <summary>The connects begun in [<paramref name="from"/>, <paramref name="to"/>) (Stopwatch timestamps).</summary>
    public IReadOnlyList<(long Started, long Ticks)> Between(long from, long to) =>
        [.. connects.Where(c => c.Started >= from && c.Started < to)];
}

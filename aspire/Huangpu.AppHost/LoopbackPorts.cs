namespace Huangpu.AppHost;

/// <summary>
/// Free loopback ports for local servers, services and test databases. Linked into the test helpers
/// (tests/Huangpu.Testing), so the AppHost, the end-to-end fixture and the tests' own PostgreSQL pick ports one way.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A free loopback port below the kernel's range for outgoing connections (32768 and up on Linux). A port the
    /// system hands out as free is free again once released, and one of the suite's own outgoing connections at start
    /// could take it before the process meant to listen on it binds (seen: the gateway failing to start).
    /// </summary>
    public static int Free(ICollection<int>? taken = null)
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (taken?.Contains(port) == true)
            {
                continue;
            }

            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // In use: another.
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace TraceFlow.Cluster.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A TCP port nothing listens on right now (the OS picks it from the ephemeral range).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

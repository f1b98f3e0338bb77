using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TraceFlow.Demo.Tests.Infrastructure;

/// <summary>
/// The real collector (gateway co-hosting a silo, local profile: keep every trace, decide after
/// 1 s of quiet) listening on a real port, so the demo services' exporters reach it over HTTP.
/// </summary>
public sealed class CollectorFactory : WebApplicationFactory<Program>
{
    public CollectorFactory()
    {
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"demo-tests-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TraceFlow.LoadGen.Tests.Infrastructure;

/// <summary>
/// The real gateway (local profile, co-hosting a silo) on real Kestrel sockets and the real clock:
/// the main URL and both OTLP ports on free loopback ports, Orleans on free cluster ports. Plain
/// <c>UseKestrel()</c> leaves the gateway's own listener setup in charge.
/// </summary>
public sealed class LiveGatewayFactory : WebApplicationFactory<global::Program>
{
    public LiveGatewayFactory() => UseKestrel();

    public int MainPort { get; } = FreePort();

    public int OtlpGrpcPort { get; } = FreePort();

    public int OtlpHttpPort { get; } = FreePort();

    public Uri MainAddress => Address(MainPort);

    public Uri OtlpGrpcAddress => Address(OtlpGrpcPort);

    public Uri OtlpHttpAddress => Address(OtlpHttpPort);

    /// <summary>Starts the server once; safe to call from every test.</summary>
    public void EnsureStarted() => StartServer();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("urls", MainAddress.ToString().TrimEnd('/'));
        builder.UseSetting("TraceFlow:Otlp:GrpcPort", OtlpGrpcPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Otlp:HttpPort", OtlpHttpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"loadgen-tests-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture));
    }

    private static Uri Address(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>The real gateway in the local profile (every trace kept, 1 s decision wait), with ClickHouse as its store.</summary>
public sealed class ClickHouseGatewayFactory(ClickHouseOptions clickHouse, IReadOnlyDictionary<string, string>? extra = null) : WebApplicationFactory<Program>
{
    public ClickHouseOptions ClickHouse => clickHouse;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"clickhouse-tests-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort());
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort());
        builder.UseSetting("TraceFlow:ClickHouse:Url", clickHouse.Url);
        builder.UseSetting("TraceFlow:ClickHouse:Database", clickHouse.Database);
        builder.UseSetting("TraceFlow:ClickHouse:FlushInterval", "00:00:00.100");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

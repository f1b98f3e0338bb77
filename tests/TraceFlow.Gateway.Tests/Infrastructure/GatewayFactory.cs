using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway in the local profile, co-hosting a real silo, with grain timers and
/// TraceFlow's services on a fake clock so tests decide when traces are decided.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    public const int MaxRequestBytes = 256 * 1024;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Advances the fake clock off the test thread, so inline timer callbacks cannot block it.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Settings a derived factory changes for its tests.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Local");
        builder.UseSetting("TraceFlow:Cluster:ClusterId", $"gateway-tests-{Guid.NewGuid():N}");
        builder.UseSetting("TraceFlow:Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Ingest:MaxRequestBytes", MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("TraceFlow:Ingest:MaxSpansPerRequest", "1000");
        builder.UseSetting("TraceFlow:Traces:MaxSpansPerTrace", "50");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Clock);
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "Gateway";
}

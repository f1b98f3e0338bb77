using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// The test gateway on a real loopback port (Kestrel instead of TestServer), for clients that
/// need a URL or send synchronously, as OpenTelemetry's exporters do.
/// </summary>
public sealed class KestrelGatewayFactory : GatewayFactory
{
    public KestrelGatewayFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["Urls"] = "http://127.0.0.1:0",
    };

    /// <summary>The address the server listens on; starts it when needed.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }
}

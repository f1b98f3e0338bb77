using System.Globalization;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// The test gateway on real Kestrel sockets, for clients that need a real endpoint (the
/// OpenTelemetry exporters): the main URL and both OTLP ports on free loopback ports. Plain
/// <c>UseKestrel()</c> keeps the gateway's own listener setup in charge; <c>UseKestrel(port)</c>
/// would set PreferHostingUrls and bind that port alone.
/// </summary>
public class KestrelGatewayFactory : GatewayFactory
{
    public KestrelGatewayFactory() => UseKestrel();

    public int MainPort { get; } = FreePort();

    public int OtlpGrpcPort { get; } = FreePort();

    public int OtlpHttpPort { get; } = FreePort();

    /// <summary>The main URL (UI and query APIs), once the server has started.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return MainAddress;
        }
    }

    public Uri MainAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{MainPort}"));

    public Uri OtlpGrpcAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{OtlpGrpcPort}"));

    public Uri OtlpHttpTracesAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{OtlpHttpPort}/v1/traces"));

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["urls"] = MainAddress.ToString().TrimEnd('/'),
        ["TraceFlow:Otlp:GrpcPort"] = OtlpGrpcPort.ToString(CultureInfo.InvariantCulture),
        ["TraceFlow:Otlp:HttpPort"] = OtlpHttpPort.ToString(CultureInfo.InvariantCulture),
    };
}

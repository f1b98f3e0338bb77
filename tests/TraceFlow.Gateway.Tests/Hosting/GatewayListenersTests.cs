using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Hosting;
using TraceFlow.Gateway.Ingest.Otlp;

namespace TraceFlow.Gateway.Tests.Hosting;

/// <summary>Which main addresses the gateway listens on beside the OTLP ports, read as the web host reads them.</summary>
public sealed class GatewayListenersTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9411", "http 127.0.0.1 9411")]
    [InlineData("http://*:9411", "http * 9411")]
    [InlineData("http://+:9411", "http + 9411")]
    [InlineData("http://0.0.0.0:9411/", "http 0.0.0.0 9411")]
    [InlineData("http://localhost:9411", "http localhost 9411")]
    [InlineData("http://[::1]:9411", "http [::1] 9411")]
    [InlineData("https://example.test", "https example.test 443")]
    [InlineData(" http://127.0.0.1:1 ; http://localhost:2;", "http 127.0.0.1 1|http localhost 2")]
    public void MainAddresses_FromUrls_AreEachUrlSeparatedBySemicolons(string urls, string expected)
    {
        var addresses = GatewayListeners.MainAddresses(Configuration(("urls", urls)));

        Assert.Equal(expected.Split('|'), addresses.Select(a => $"{a.Scheme} {a.Host} {a.Port}"));
    }

    [Fact]
    public void MainAddresses_WithoutUrls_FollowHttpPortsThenKestrelsDefault()
    {
        Assert.Equal(["http * 8080", "http * 8081", "https * 8443"], GatewayListeners.MainAddresses(Configuration(("http_ports", "8080;8081"), ("https_ports", "8443"))).Select(a => $"{a.Scheme} {a.Host} {a.Port}"));
        Assert.Equal(["http localhost 5000"], GatewayListeners.MainAddresses(Configuration()).Select(a => $"{a.Scheme} {a.Host} {a.Port}"));
    }

    [Theory]
    [InlineData("127.0.0.1:9411", "not valid")]
    [InlineData("http://127.0.0.1:9411/base", "has a path")]
    public void MainAddresses_UnusableUrls_FailStartUpNamingTheSetting(string urls, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayListeners.MainAddresses(Configuration(("urls", urls))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("urls setting", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Theory]
    [InlineData("http://127.0.0.1:9411", "127.0.0.1:4317 Http2|127.0.0.1:4318 Http1AndHttp2|127.0.0.1:9411 Http1AndHttp2")]
    [InlineData("http://localhost:9411", "localhost:4317 Http2|localhost:4318 Http1AndHttp2|localhost:9411 Http1AndHttp2")]
    [InlineData("http://*:9411", "any:4317 Http2|any:4318 Http1AndHttp2|any:9411 Http1AndHttp2")]
    [InlineData("http://0.0.0.0:9411;http://127.0.0.1:9412", "0.0.0.0:4317 Http2|0.0.0.0:4318 Http1AndHttp2|0.0.0.0:9411 Http1AndHttp2|127.0.0.1:9412 Http1AndHttp2")]
    [InlineData("http://127.0.0.1:9411;http://[::1]:9411", "127.0.0.1:4317 Http2|127.0.0.1:4318 Http1AndHttp2|[::1]:4317 Http2|[::1]:4318 Http1AndHttp2|127.0.0.1:9411 Http1AndHttp2|[::1]:9411 Http1AndHttp2")]
    [InlineData("http://127.0.0.1:4318", "127.0.0.1:4317 Http2|127.0.0.1:4318 Http1AndHttp2")]
    public void Configure_ListensOnTheOtlpPortsOfEachHostThenOnTheMainUrls(string urls, string expected)
    {
        var options = new KestrelServerOptions();

        new GatewayListeners(Configuration(("urls", urls)), Options.Create(new OtlpOptions())).Configure(options);

        Assert.Equal(expected.Split('|'), Endpoints(options));
    }

    [Fact]
    public void Configure_WithBothOtlpPortsOff_LeavesKestrelToBindUrls()
    {
        var options = new KestrelServerOptions();

        new GatewayListeners(Configuration(("urls", "http://127.0.0.1:9411")), Options.Create(new OtlpOptions { GrpcPort = 0, HttpPort = 0 })).Configure(options);

        Assert.Empty(Endpoints(options));
    }

    /// <summary>The endpoints configured in code (Kestrel keeps them in an internal list) as "host:port protocols".</summary>
    private static IEnumerable<string> Endpoints(KestrelServerOptions options)
    {
        var listeners = (IEnumerable<ListenOptions>)typeof(KestrelServerOptions)
            .GetProperty("CodeBackedListenOptions", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetValue(options)!;
        return listeners.Select(l => $"{Host(l)}:{l.IPEndPoint!.Port} {l.Protocols}");
    }

    private static string Host(ListenOptions listener) => listener.GetType().Name switch
    {
        "LocalhostListenOptions" => "localhost",
        "AnyIPListenOptions" => "any",
        _ => listener.IPEndPoint!.Address.Equals(IPAddress.IPv6Loopback) ? "[::1]" : listener.IPEndPoint.Address.ToString(),
    };
}

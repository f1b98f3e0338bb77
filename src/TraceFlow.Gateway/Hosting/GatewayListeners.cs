using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Ingest.Otlp;

namespace TraceFlow.Gateway.Hosting;

/// <summary>
/// Opens the gateway's Kestrel listeners: the main URL(s) of the <c>urls</c> setting, and next
/// to them, on the same host address(es), OTLP/gRPC (plaintext HTTP/2 only, since h2c is not
/// negotiated on a mixed port) and OTLP/HTTP (Kestrel's defaults: HTTP/1.1, and HTTP/2 with TLS).
/// </summary>
/// <remarks>
/// Kestrel binds <c>urls</c> only while no endpoint is configured in code, so once the OTLP
/// ports are listened on here, the main URLs must be too. With both OTLP ports at 0 nothing is
/// done and Kestrel binds <c>urls</c> as usual. When <c>Kestrel:Endpoints</c> is configured,
/// those are the main endpoints and only the OTLP ports are added. TestServer never reads
/// Kestrel's options; <c>WebApplicationFactory.UseKestrel(port)</c> sets PreferHostingUrls,
/// which makes Kestrel bind that one port and ignore these endpoints. Kestrel logs that it
/// overrides the <c>urls</c> addresses: it does, with the same addresses plus OTLP's.
/// </remarks>
internal sealed class GatewayListeners(IConfiguration configuration, IOptions<OtlpOptions> otlp) : IConfigureOptions<KestrelServerOptions>
{
    private const string DefaultUrl = "http://localhost:5000";

    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ports = otlp.Value;
        if (ports.GrpcPort == 0 && ports.HttpPort == 0)
        {
            return;
        }

        var main = MainAddresses(configuration);

        // One OTLP listener per host; a wildcard host already covers every other one.
        var hosts = main.Where(a => !a.IsUnixPipe).DistinctBy(a => HostKey(a.Host)).ToList();
        if (hosts.FirstOrDefault(a => IsWildcard(a.Host)) is { } wildcard)
        {
            hosts = [wildcard];
        }

        // OTLP first and the main URLs last: WebApplicationFactory points its clients at the last address.
        foreach (var host in hosts)
        {
            if (ports.GrpcPort != 0 && !main.Any(a => SameHost(a, host) && a.Port == ports.GrpcPort))
            {
                Listen(options, host.Host, ports.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }

            // Kestrel's default protocols (HTTP/1.1 and HTTP/2): without TLS that is HTTP/1.1, as on the main port.
            if (ports.HttpPort != 0 && !main.Any(a => SameHost(a, host) && a.Port == ports.HttpPort))
            {
                Listen(options, host.Host, ports.HttpPort, _ => { });
            }
        }

        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return;
        }

        foreach (var address in main)
        {
            var https = string.Equals(address.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
            Action<ListenOptions> configure = https ? listen => listen.UseHttps() : _ => { };
            if (address.IsUnixPipe)
            {
                options.ListenUnixSocket(address.UnixPipePath, configure);
            }
            else
            {
                Listen(options, address.Host, address.Port, configure);
            }
        }
    }

    /// <summary>
    /// The addresses the web host would give Kestrel: <c>urls</c> (several separated by ';'),
    /// else <c>http_ports</c>/<c>https_ports</c> on every interface, else Kestrel's default.
    /// </summary>
    internal static IReadOnlyList<BindingAddress> MainAddresses(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var fromPorts = Ports(configuration[WebHostDefaults.HttpPortsKey], "http")
                .Concat(Ports(configuration[WebHostDefaults.HttpsPortsKey], "https"));
            urls = string.Join(';', fromPorts);
        }

        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = DefaultUrl;
        }

        var addresses = new List<BindingAddress>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"The urls setting '{urls}' is not valid: {ex.Message}", ex);
            }

            if (!string.IsNullOrEmpty(address.PathBase))
            {
                throw new InvalidOperationException($"The urls setting '{urls}' has a path ('{address.PathBase}'); the gateway listens at the root only.");
            }

            addresses.Add(address);
        }

        return addresses;
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => string.Create(CultureInfo.InvariantCulture, $"{scheme}://*:{port}"));

    /// <summary>Listens the way Kestrel binds a URL host: localhost on loopback, an IP on itself, anything else on every interface.</summary>
    private static void Listen(KestrelServerOptions options, string host, int port, Action<ListenOptions> configure)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            options.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            options.Listen(ip, port, configure);
        }
        else
        {
            // '*', '+' and host names: every interface, IPv6 and IPv4.
            options.ListenAnyIP(port, configure);
        }
    }

    private static bool SameHost(BindingAddress a, BindingAddress b) => !a.IsUnixPipe && HostKey(a.Host) == HostKey(b.Host);

    private static bool IsWildcard(string host) => host is "*" or "+" or "0.0.0.0" or "[::]" or "::";

    private static string HostKey(string host) => host is "*" or "+" ? "*" : host.ToLowerInvariant();
}

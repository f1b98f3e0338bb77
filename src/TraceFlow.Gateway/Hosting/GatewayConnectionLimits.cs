using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace TraceFlow.Gateway.Hosting;

/// <summary>Applies <see cref="ConnectionLimitsOptions"/> to Kestrel, on every listener (OTLP's included), and to its socket transport.</summary>
internal sealed class GatewayConnectionLimits(IOptions<ConnectionLimitsOptions> connectionLimits) : IConfigureOptions<KestrelServerOptions>, IConfigureOptions<SocketTransportOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connections = connectionLimits.Value;
        var limits = options.Limits;
        limits.RequestHeadersTimeout = connections.RequestHeadersTimeout;
        limits.KeepAliveTimeout = connections.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(connections.MinRequestBodyBytesPerSecond, connections.MinDataRateGracePeriod);
        limits.MinResponseDataRate = new MinDataRate(connections.MinResponseBytesPerSecond, connections.MinDataRateGracePeriod);
        limits.MaxConcurrentConnections = connections.MaxConcurrentConnections;
        limits.MaxRequestBufferSize = connections.MaxRequestBufferKiB * 1024L;
    }

    /// <summary>The transport reads ahead of Kestrel with a read-ahead of its own (1 MiB by default): both are bounded.</summary>
    public void Configure(SocketTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxReadBufferSize = connectionLimits.Value.MaxRequestBufferKiB * 1024L;
    }
}

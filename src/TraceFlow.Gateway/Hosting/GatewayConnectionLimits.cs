using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace TraceFlow.Gateway.Hosting;

/// <summary>Applies <see cref="ConnectionLimitsOptions"/> to Kestrel, on every listener (OTLP's included).</summary>
internal sealed class GatewayConnectionLimits(IOptions<ConnectionLimitsOptions> connectionLimits) : IConfigureOptions<KestrelServerOptions>
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
}

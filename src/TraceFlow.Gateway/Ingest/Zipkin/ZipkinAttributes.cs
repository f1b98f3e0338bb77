namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Where the parts of a Zipkin span that the span model has no field for are kept, so the
/// Zipkin query API can give them back. OpenTelemetry's semantic conventions are used where
/// they have a name, so OTLP-ingested spans show the same endpoints in Zipkin.
/// </summary>
internal static class ZipkinAttributes
{
    /// <summary>The resource attribute holding the span's service.</summary>
    public const string ServiceName = "service.name";

    /// <summary><c>remoteEndpoint.serviceName</c>, under the key the store catalogues remote services by.</summary>
    public const string PeerService = Grains.Storage.TraceQuery.PeerServiceAttribute;

    /// <summary><c>localEndpoint.ipv4</c>, else <c>localEndpoint.ipv6</c>.</summary>
    public const string LocalAddress = "network.local.address";

    /// <summary><c>localEndpoint.port</c> (an integer attribute).</summary>
    public const string LocalPort = "network.local.port";

    /// <summary><c>remoteEndpoint.ipv4</c>, else <c>remoteEndpoint.ipv6</c>.</summary>
    public const string PeerAddress = "network.peer.address";

    /// <summary><c>remoteEndpoint.port</c> (an integer attribute).</summary>
    public const string PeerPort = "network.peer.port";

    /// <summary><c>localEndpoint.ipv6</c> when the endpoint has an IPv4 address too (no OTel name for a second address).</summary>
    public const string LocalIpv6 = "zipkin.local_endpoint.ipv6";

    /// <summary><c>remoteEndpoint.ipv6</c> when the endpoint has an IPv4 address too.</summary>
    public const string RemoteIpv6 = "zipkin.remote_endpoint.ipv6";

    /// <summary><c>debug: true</c> (a boolean attribute).</summary>
    public const string Debug = "zipkin.debug";

    /// <summary><c>shared: true</c> (a boolean attribute).</summary>
    public const string Shared = "zipkin.shared";

    /// <summary>Zipkin's error tag: its presence marks an error, its value is the message.</summary>
    public const string Error = "error";

    /// <summary>OpenTelemetry's status in non-OTLP formats: <c>OK</c> or <c>ERROR</c>.</summary>
    public const string StatusCode = "otel.status_code";

    public const string ScopeName = "otel.scope.name";

    public const string ScopeVersion = "otel.scope.version";

    /// <summary>Service of a span whose local endpoint names none (what OpenTelemetry SDKs use).</summary>
    public const string UnknownService = "unknown_service";

    /// <summary>Operation of a span without a name.</summary>
    public const string UnknownOperation = "unknown";
}

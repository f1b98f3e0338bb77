namespace TraceFlow.Gateway.Security;

/// <summary>
/// What an API key may do. Each is also the name of the authorization policy that requires it;
/// roles are independent (an admin key does not ingest unless it has the ingest role too).
/// </summary>
public static class GatewayRoles
{
    /// <summary>Send spans: every ingest endpoint (TraceFlow JSON, OTLP HTTP and gRPC, Zipkin).</summary>
    public const string Ingest = "ingest";

    /// <summary>Read traces and statistics: every query API, sampling preview and policy list included.</summary>
    public const string Query = "query";

    /// <summary>Operational and configuration endpoints (<c>/debug/memory</c>).</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Ingest, Query, Admin];
}

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>The window of <c>GET /api/dependencies</c>: traces starting in [from, to], optionally only one service's edges.</summary>
internal sealed record JaegerDependencyWindow(long FromUnixNanos, long ToUnixNanos, string? Service);

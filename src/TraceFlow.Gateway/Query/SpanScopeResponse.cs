namespace TraceFlow.Gateway.Query;

/// <summary>The instrumentation library that made a span.</summary>
public sealed record SpanScopeResponse(string Name, string? Version);

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>The body of <c>GET /api/traces/{id}</c>: the whole trace.</summary>
public sealed record TraceResponse(
    string TraceId,
    string RootService,
    string RootOperation,
    double StartUnixMs,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Services,
    bool HasError,
    string SamplingPolicy,
    IReadOnlyList<string> DependencyPath,
    IReadOnlyList<ServiceCallResponse> Dependencies,
    IReadOnlyList<SpanResponse> Spans)
{
    public static TraceResponse From(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var summary = TraceSummary.From(trace);
        var calls = TraceTree.ServiceCalls(trace.Spans);
        return new(
            summary.TraceId,
            summary.RootService,
            summary.RootOperation,
            Units.NanosToMillis(summary.StartUnixNanos),
            Units.NanosToMillis(summary.DurationNanos),
            summary.SpanCount,
            summary.Services,
            summary.HasError,
            summary.SamplingPolicy,
            [.. calls.Select(c => $"{c.Parent} → {c.Child}")],
            [.. calls.Select(c => new ServiceCallResponse(c.Parent, c.Child, c.CallCount, c.ErrorCount))],
            [.. trace.Spans.OrderBy(s => s.StartUnixNanos).ThenBy(s => s.SpanId, StringComparer.Ordinal).Select(SpanResponse.From)]);
    }
}

/// <summary>Calls from one service to another within a trace.</summary>
public sealed record ServiceCallResponse(string Parent, string Child, int CallCount, int ErrorCount);

/// <summary>
/// A span as the seed's API shows it, plus what OTLP and Zipkin senders add: status message,
/// events, links, trace state, resource and instrumentation scope. Attribute values are shown
/// as text whatever their type (the Jaeger and OTLP views keep the types).
/// </summary>
public sealed record SpanResponse(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Operation,
    double StartUnixMs,
    double DurationMs,
    string Status,
    string? StatusMessage,
    string Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventResponse> Events,
    IReadOnlyList<SpanLinkResponse> Links,
    string? TraceState,
    IReadOnlyDictionary<string, string> ResourceAttributes,
    SpanScopeResponse? Scope)
{
    public static SpanResponse From(Span span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var events = span.Events.IsDefault ? [] : span.Events;
        return new(
            span.TraceId,
            span.SpanId,
            span.ParentSpanId,
            span.Service,
            span.Operation,
            Units.NanosToMillis(span.StartUnixNanos),
            Units.NanosToMillis(span.DurationNanos),
            span.Status.ToString().ToLowerInvariant(),
            span.StatusMessage,
            span.Kind.ToString().ToLowerInvariant(),
            AttributeMap.From(span.Attributes),
            [.. events.OrderBy(e => e.TimeUnixNanos).Select(SpanEventResponse.From)],
            span.Links.IsDefault ? [] : [.. span.Links.Select(SpanLinkResponse.From)],
            span.TraceState,
            AttributeMap.From(span.ResourceAttributes),
            span.Scope is { } scope ? new SpanScopeResponse(scope.Name, scope.Version) : null);
    }
}

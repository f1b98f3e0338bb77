using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Query;

/// <summary>One entry of <c>GET /api/traces</c>.</summary>
public sealed record TraceSummaryResponse(
    string TraceId,
    string RootService,
    string RootOperation,
    double StartUnixMs,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Services,
    bool HasError,
    string SamplingPolicy)
{
    public static TraceSummaryResponse From(TraceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(
            summary.TraceId,
            summary.RootService,
            summary.RootOperation,
            Units.NanosToMillis(summary.StartUnixNanos),
            Units.NanosToMillis(summary.DurationNanos),
            summary.SpanCount,
            summary.Services,
            summary.HasError,
            summary.SamplingPolicy);
    }
}

/// <summary>The body of <c>GET /api/traces</c>.</summary>
public sealed record TraceListResponse(IReadOnlyList<TraceSummaryResponse> Traces);

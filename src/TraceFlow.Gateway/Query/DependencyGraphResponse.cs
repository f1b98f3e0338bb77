using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Query;

/// <summary>The body of <c>GET /api/dependencies</c>: the window read and its edges, by parent then child.</summary>
public sealed record DependencyGraphResponse(double FromUnixMs, double ToUnixMs, IReadOnlyList<DependencyResponse> Dependencies)
{
    public static DependencyGraphResponse From(long fromUnixNanos, long toUnixNanos, IEnumerable<DependencyEdge> edges) =>
        new(Units.NanosToMillis(fromUnixNanos), Units.NanosToMillis(toUnixNanos), [.. edges.Select(DependencyResponse.From)]);
}

/// <summary>
/// One edge of the service graph. Percentiles are of the calls' durations (the called service's
/// spans) and null when none is known (calls ClickHouse stored before schema v7).
/// </summary>
public sealed record DependencyResponse(
    string Parent, string Child, long CallCount, long ErrorCount, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms)
{
    public static DependencyResponse From(DependencyEdge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var (call, latency) = (edge.Call, edge.Latency);
        var timed = latency.Count > 0;
        return new(
            call.Parent,
            call.Child,
            call.CallCount,
            call.ErrorCount,
            call.CallCount == 0 ? 0 : Math.Round((double)call.ErrorCount / call.CallCount, 6),
            timed ? StatsResponse.Round(latency.P50Ms) : null,
            timed ? StatsResponse.Round(latency.P95Ms) : null,
            timed ? StatsResponse.Round(latency.P99Ms) : null);
    }
}

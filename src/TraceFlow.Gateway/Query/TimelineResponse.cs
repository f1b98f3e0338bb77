using System.Collections.Immutable;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Gateway.Query;

/// <summary>
/// The body of <c>GET /api/stats/timeline</c>: the range, rounded out to whole steps
/// (<see cref="ToUnixMs"/> is where the last step ends), and one point per step in time order.
/// </summary>
public sealed record TimelineResponse(double FromUnixMs, double ToUnixMs, long StepS, IReadOnlyList<TimelinePointResponse> Points)
{
    public static TimelineResponse From(TimelineRange range, ImmutableArray<TimelinePoint> points)
    {
        ArgumentNullException.ThrowIfNull(range);
        return new(
            Units.NanosToMillis(range.FirstUnixNanos),
            Units.NanosToMillis(range.EndUnixNanos),
            range.StepSeconds,
            [.. points.Select(TimelinePointResponse.From)]);
    }
}

/// <summary>One step of a timeline; percentiles are of the durations of the traces counted in it.</summary>
public sealed record TimelinePointResponse(
    double StartUnixMs, long TraceCount, long SpanCount, long ErrorSpanCount, double P50Ms, double P95Ms, double P99Ms)
{
    public static TimelinePointResponse From(TimelinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new(
            Units.NanosToMillis(point.StartUnixNanos),
            point.TraceCount,
            point.SpanCount,
            point.ErrorSpanCount,
            StatsResponse.Round(point.TraceDurations.P50Ms),
            StatsResponse.Round(point.TraceDurations.P95Ms),
            StatsResponse.Round(point.TraceDurations.P99Ms));
    }
}

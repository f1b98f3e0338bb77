using TraceFlow.Grains.Stats;

namespace TraceFlow.Gateway.Query;

/// <summary>
/// The body of <c>GET /api/stats</c>: the seed's fields (percentiles over trace durations)
/// followed by sampling outcomes, the time the counts cover, and per-service and per-operation
/// breakdowns with latency histograms over the shared <see cref="HistogramBoundsMs"/>.
/// </summary>
public sealed record StatsResponse(
    long TraceCount,
    long SpanCount,
    int ServiceCount,
    IReadOnlyList<string> Services,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    long ErrorSpanCount,
    long KeptTraceCount,
    long DroppedTraceCount,
    IReadOnlyDictionary<string, long> SamplingDecisions,
    double FromUnixMs,
    double ToUnixMs,
    IReadOnlyList<double> HistogramBoundsMs,
    IReadOnlyList<ServiceStatsResponse> PerService,
    IReadOnlyList<OperationStatsResponse> PerOperation)
{
    public static StatsResponse From(StatsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(
            snapshot.TraceCount,
            snapshot.SpanCount,
            snapshot.Services.Length,
            [.. snapshot.Services.Select(s => s.Service)],
            Round(snapshot.TraceDurations.P50Ms),
            Round(snapshot.TraceDurations.P95Ms),
            Round(snapshot.TraceDurations.P99Ms),
            snapshot.ErrorSpanCount,
            snapshot.KeptTraceCount,
            snapshot.DroppedTraceCount,
            snapshot.DecisionsByPolicy,
            Units.NanosToMillis(snapshot.FromUnixNanos),
            Units.NanosToMillis(snapshot.ToUnixNanos),
            LatencyBins.UpperBoundsMs,
            [.. snapshot.Services.Select(s => ServiceStatsResponse.From(s.Service, s.Totals))],
            [.. snapshot.Services.SelectMany(s => s.Operations.Select(o => OperationStatsResponse.From(s.Service, o)))]);
    }

    internal static double Round(double ms) => Math.Round(ms, 3);
}

public sealed record ServiceStatsResponse(
    string Service, long SpanCount, long ErrorCount, double ErrorRate, double P50Ms, double P95Ms, double P99Ms, IReadOnlyList<long> Histogram)
{
    public static ServiceStatsResponse From(string service, OperationSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(
            service,
            totals.SpanCount,
            totals.ErrorCount,
            RateOfErrors(totals),
            StatsResponse.Round(totals.Durations.P50Ms),
            StatsResponse.Round(totals.Durations.P95Ms),
            StatsResponse.Round(totals.Durations.P99Ms),
            totals.Histogram);
    }

    internal static double RateOfErrors(OperationSnapshot s) => s.SpanCount == 0 ? 0 : Math.Round((double)s.ErrorCount / s.SpanCount, 6);
}

public sealed record OperationStatsResponse(
    string Service, string Operation, long SpanCount, long ErrorCount, double ErrorRate, double P50Ms, double P95Ms, double P99Ms, IReadOnlyList<long> Histogram)
{
    public static OperationStatsResponse From(string service, OperationSnapshot operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new(
            service,
            operation.Name,
            operation.SpanCount,
            operation.ErrorCount,
            ServiceStatsResponse.RateOfErrors(operation),
            StatsResponse.Round(operation.Durations.P50Ms),
            StatsResponse.Round(operation.Durations.P95Ms),
            StatsResponse.Round(operation.Durations.P99Ms),
            operation.Histogram);
    }
}

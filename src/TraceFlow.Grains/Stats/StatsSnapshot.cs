using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>Percentiles and counts computed from the running statistics at one moment.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.StatsSnapshot")]
public sealed record StatsSnapshot
{
    [Id(0)] public long SpanCount { get; init; }

    [Id(1)] public long ErrorSpanCount { get; init; }

    [Id(2)] public long TraceCount { get; init; }

    [Id(3)] public long KeptTraceCount { get; init; }

    [Id(4)] public long DroppedTraceCount { get; init; }

    /// <summary>Percentiles of end-to-end trace durations.</summary>
    [Id(5)] public LatencySummary TraceDurations { get; init; } = LatencySummary.Empty;

    [Id(6)] public ImmutableArray<ServiceSnapshot> Services { get; init; } = [];

    [Id(7)] public ImmutableDictionary<string, long> DecisionsByPolicy { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>The start of the time the counts cover, in Unix nanoseconds.</summary>
    [Id(8)] public long FromUnixNanos { get; init; }

    /// <summary>The end of the time the counts cover, in Unix nanoseconds.</summary>
    [Id(9)] public long ToUnixNanos { get; init; }

    public static StatsSnapshot From(TraceStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new StatsSnapshot
        {
            SpanCount = statistics.SpanCount,
            ErrorSpanCount = statistics.ErrorSpanCount,
            TraceCount = statistics.TraceCount,
            KeptTraceCount = statistics.KeptTraceCount,
            DroppedTraceCount = statistics.DroppedTraceCount,
            TraceDurations = LatencySummary.From(statistics.TraceDurations),
            Services = [.. statistics.Services
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new ServiceSnapshot(
                    s.Key,
                    OperationSnapshot.From(s.Key, s.Value.Totals),
                    [.. s.Value.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => OperationSnapshot.From(o.Key, o.Value))]))],
            DecisionsByPolicy = statistics.DecisionsByPolicy.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }
}

[GenerateSerializer, Immutable, Alias("TraceFlow.ServiceSnapshot")]
public sealed record ServiceSnapshot(
    [property: Id(0)] string Service,
    [property: Id(1)] OperationSnapshot Totals,
    [property: Id(2)] ImmutableArray<OperationSnapshot> Operations);

[GenerateSerializer, Immutable, Alias("TraceFlow.OperationSnapshot")]
public sealed record OperationSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] long SpanCount,
    [property: Id(2)] long ErrorCount,
    [property: Id(3)] LatencySummary Durations)
{
    /// <summary>Span counts per <see cref="LatencyBins"/> bin.</summary>
    [Id(4)] public ImmutableArray<long> Histogram { get; init; } = [];

    public static OperationSnapshot From(string name, OperationStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new(name, statistics.SpanCount, statistics.ErrorCount, LatencySummary.From(statistics.Durations))
        {
            Histogram = statistics.Durations.CountsPerBin(),
        };
    }
}

/// <summary>Percentiles of a latency histogram, in milliseconds.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.LatencySummary")]
public sealed record LatencySummary(
    [property: Id(0)] long Count,
    [property: Id(1)] double P50Ms,
    [property: Id(2)] double P95Ms,
    [property: Id(3)] double P99Ms,
    [property: Id(4)] double MinMs,
    [property: Id(5)] double MaxMs,
    [property: Id(6)] double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.Count == 0
            ? Empty
            : new(
                histogram.Count,
                histogram.Quantile(0.50),
                histogram.Quantile(0.95),
                histogram.Quantile(0.99),
                histogram.Min,
                histogram.Max,
                histogram.Sum / histogram.Count);
    }
}

using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Mergeable statistics of everything received, before sampling: span counts and
/// durations per service and operation, trace durations, and sampling outcomes. The same
/// type is a silo's per-second delta and the stats grain's running total.
/// </summary>
[GenerateSerializer, Alias("TraceFlow.TraceStatistics")]
public sealed class TraceStatistics
{
    private const double NanosPerMilli = 1_000_000.0;

    [Id(0)] public long SpanCount { get; private set; }

    [Id(1)] public long ErrorSpanCount { get; private set; }

    [Id(2)] public long TraceCount { get; private set; }

    [Id(3)] public long KeptTraceCount { get; private set; }

    [Id(4)] public long DroppedTraceCount { get; private set; }

    /// <summary>End-to-end durations of decided traces.</summary>
    [Id(5)] public LatencyHistogram TraceDurations { get; private set; } = new();

    [Id(6)] public Dictionary<string, ServiceStatistics> Services { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Decided traces by "kept"/"dropped" and deciding policy, e.g. <c>kept:error</c>.</summary>
    [Id(7)] public Dictionary<string, long> DecisionsByPolicy { get; private set; } = new(StringComparer.Ordinal);

    public bool IsEmpty => SpanCount == 0 && TraceCount == 0;

    public void RecordSpan(string service, string operation, long durationNanos, bool isError, StatsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(limits);
        SpanCount++;
        ErrorSpanCount += isError ? 1 : 0;
        ServiceFor(service, limits).Record(operation, durationNanos / NanosPerMilli, isError, limits);
    }

    public void RecordTrace(long durationNanos, SamplingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        TraceCount++;
        KeptTraceCount += decision.Keep ? 1 : 0;
        DroppedTraceCount += decision.Keep ? 0 : 1;
        TraceDurations.Record(durationNanos / NanosPerMilli);
        var key = DecisionKey(decision.Keep, decision.Policy);
        DecisionsByPolicy[key] = DecisionsByPolicy.GetValueOrDefault(key) + 1;
    }

    public void Merge(TraceStatistics other, StatsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(limits);
        SpanCount += other.SpanCount;
        ErrorSpanCount += other.ErrorSpanCount;
        TraceCount += other.TraceCount;
        KeptTraceCount += other.KeptTraceCount;
        DroppedTraceCount += other.DroppedTraceCount;
        TraceDurations.Merge(other.TraceDurations);
        foreach (var (service, stats) in other.Services)
        {
            ServiceFor(service, limits).Merge(stats, limits);
        }

        foreach (var (key, n) in other.DecisionsByPolicy)
        {
            DecisionsByPolicy[key] = DecisionsByPolicy.GetValueOrDefault(key) + n;
        }
    }

    public static string DecisionKey(bool keep, string policy) => string.Concat(keep ? "kept:" : "dropped:", policy);

    private ServiceStatistics ServiceFor(string service, StatsLimits limits)
    {
        if (!Services.TryGetValue(service, out var stats))
        {
            var key = Services.Count < limits.MaxServices ? service : StatsLimits.OverflowKey;
            stats = CollectionsMarshalExtensions.GetOrAdd(Services, key);
        }

        return stats;
    }
}

using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>Readers' answers as comparable text, so a difference shows as a readable diff.</summary>
internal static class Answers
{
    private const double PercentileAccuracy = 0.011;

    public static IReadOnlyList<string> Of(IEnumerable<TraceSummary> summaries) =>
        [.. summaries.Select(s => string.Create(
            CultureInfo.InvariantCulture,
            $"{s.TraceId} root={s.RootService}/{s.RootOperation} start={s.StartUnixNanos} duration={s.DurationNanos} spans={s.SpanCount} services={string.Join(',', s.Services)} error={s.HasError} policy={s.SamplingPolicy}"))];

    /// <summary>A trace with its spans in start order (stores keep them in different orders).</summary>
    public static string Of(StoredTrace? trace) =>
        trace is null
            ? "none"
            : $"{trace.Key} {trace.Decision.Policy} " + JsonSerializer.Serialize(trace.Spans.OrderBy(s => s.StartUnixNanos).ThenBy(s => s.SpanId, StringComparer.Ordinal).ThenBy(s => s.Shared).ToArray());

    public static IReadOnlyList<string> Of(IEnumerable<StoredTrace> traces) => [.. traces.Select(Of).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Of(IEnumerable<ServiceCall> calls) =>
        [.. calls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Parent} -> {c.Child} calls={c.CallCount} errors={c.ErrorCount}"))];

    /// <summary>Calls exactly, latency rounded to a nanosecond (a mean's last bits depend on the order ClickHouse adds in).</summary>
    public static IReadOnlyList<string> Of(IEnumerable<DependencyEdge> edges) =>
        [.. edges.Select(e => string.Create(
            CultureInfo.InvariantCulture,
            $"{Of([e.Call])[0]} timed={e.Latency.Count} p50={e.Latency.P50Ms:F6} p95={e.Latency.P95Ms:F6} p99={e.Latency.P99Ms:F6} min={e.Latency.MinMs:F6} max={e.Latency.MaxMs:F6} mean={e.Latency.MeanMs:F6}"))];

    /// <summary>Calls exactly, every call timed, and latency as <see cref="AssertLatency"/> compares it.</summary>
    public static void AssertSameEdges(IReadOnlyList<DependencyEdge> expected, IReadOnlyList<DependencyEdge> actual)
    {
        Assert.Equal(Of(expected.Select(e => e.Call)), Of(actual.Select(e => e.Call)));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Call.CallCount, e.Latency.Count);
            AssertLatency(e.Latency, a.Latency, $"{e.Call.Parent} -> {e.Call.Child}");
        }
    }

    public static IReadOnlyList<string> Of(TraceCatalog catalog) =>
    [
        .. catalog.Services.Select(s => $"service {s}"),
        .. catalog.Operations.Select(o => $"operation {o.Service}/{o.Name}/{o.Kind}"),
        .. catalog.RemoteServices.Select(r => $"remote {r.Service} -> {r.RemoteService}"),
    ];

    /// <summary>Counts, names and histograms exactly; latencies as <see cref="AssertLatency"/> compares them.</summary>
    public static void AssertSameStats(StatsSnapshot expected, StatsSnapshot actual)
    {
        Assert.Equal(Counts(expected), Counts(actual));
        AssertLatency(expected.TraceDurations, actual.TraceDurations, "traces");
        foreach (var (e, a) in expected.Services.Zip(actual.Services))
        {
            AssertLatency(e.Totals.Durations, a.Totals.Durations, e.Service);
            foreach (var (eo, ao) in e.Operations.Zip(a.Operations))
            {
                AssertLatency(eo.Durations, ao.Durations, $"{e.Service}/{eo.Name}");
            }
        }
    }

    /// <summary>
    /// Count, minimum, maximum and mean alike; percentiles within the in-memory histogram's 1 %
    /// of the exact nearest-rank values ClickHouse computes.
    /// </summary>
    public static void AssertLatency(LatencySummary expected, LatencySummary actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: count {actual.Count}, expected {expected.Count}");
        Close(expected.MinMs, actual.MinMs, 1e-9, what + " min");
        Close(expected.MaxMs, actual.MaxMs, 1e-9, what + " max");
        Close(expected.MeanMs, actual.MeanMs, 1e-9, what + " mean");
        Close(expected.P50Ms, actual.P50Ms, PercentileAccuracy, what + " p50");
        Close(expected.P95Ms, actual.P95Ms, PercentileAccuracy, what + " p95");
        Close(expected.P99Ms, actual.P99Ms, PercentileAccuracy, what + " p99");
    }

    private static IReadOnlyList<string> Counts(StatsSnapshot s) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"spans={s.SpanCount} errors={s.ErrorSpanCount} traces={s.TraceCount} kept={s.KeptTraceCount} dropped={s.DroppedTraceCount}"),
        .. s.DecisionsByPolicy.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key}={d.Value}")),
        .. s.Services.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Service} spans={v.Totals.SpanCount} errors={v.Totals.ErrorCount} n={v.Totals.Durations.Count} bins={Bins(v.Totals)}")),
        .. s.Services.SelectMany(v => v.Operations.Select(o => string.Create(CultureInfo.InvariantCulture, $"{v.Service}/{o.Name} spans={o.SpanCount} errors={o.ErrorCount} n={o.Durations.Count} bins={Bins(o)}"))),
    ];

    private static string Bins(OperationSnapshot operation) => string.Join(',', operation.Histogram);

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-9), $"{what}: {actual}, expected {expected}");
}

using TraceFlow.Grains.Diagnostics;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>
/// The process's running totals the shutdown summary is the difference of: traces decided and
/// kept, spans written to ClickHouse, and spans dropped after ingest accepted them.
/// </summary>
internal readonly record struct PipelineTally(double Decided, double Kept, long Written, double Dropped)
{
    public static PipelineTally Read(ClickHouseSink? sink) => new(
        Sum(GrainsMetrics.TracesDecided, _ => true),
        Sum(GrainsMetrics.SamplingDecisions, labels => labels[0] == "kept"),
        sink?.WrittenSpans ?? 0,
        Sum(GrainsMetrics.SpansDropped, _ => true));

    /// <summary>What happened between <paramref name="before"/> and this tally.</summary>
    public PipelineTally Since(PipelineTally before) => new(
        Decided - before.Decided, Kept - before.Kept, Written - before.Written, Dropped - before.Dropped);

    private static double Sum(Prometheus.Counter counter, Func<string[], bool> include) =>
        counter.GetAllLabelValues().Where(include).Sum(labels => counter.WithLabels(labels).Value);
}

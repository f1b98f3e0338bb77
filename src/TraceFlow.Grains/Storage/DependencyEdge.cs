using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// The calls between two services over the traces of a window, with their latency: the
/// durations of the called service's spans. <c>Latency.Count</c> is how many calls have a known
/// duration, fewer than <c>Call.CallCount</c> only where ClickHouse holds calls written before
/// it stored durations (schema v7); with none known the latency is <see cref="LatencySummary.Empty"/>.
/// </summary>
public sealed record DependencyEdge(ServiceCall Call, LatencySummary Latency);

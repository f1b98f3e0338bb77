using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// The calls between two services over one store shard's traces, with their latency (the called
/// service's span durations, in milliseconds) as a histogram, so shards merge without bias.
/// </summary>
[GenerateSerializer, Alias("TraceFlow.DependencyHistogram")]
public sealed record DependencyHistogram(
    [property: Id(0)] ServiceCall Call,
    [property: Id(1)] LatencyHistogram Latency);

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>How a Collector configuration (or a bare <c>tail_sampling</c> block) is written.</summary>
public enum CollectorFormat
{
    Yaml,
    Json,
}

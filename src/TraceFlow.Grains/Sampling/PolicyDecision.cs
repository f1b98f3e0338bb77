namespace TraceFlow.Grains.Sampling;

/// <summary>
/// What one policy says about a trace, as the OpenTelemetry Collector's <c>tail_sampling</c>
/// policies say it. <see cref="TailSampler"/> combines them the Collector's way: any
/// <see cref="Dropped"/> drops the trace; else any <see cref="InvertNotSampled"/> drops it;
/// else any <see cref="Sampled"/> keeps it; else <see cref="InvertSampled"/> keeps it when no
/// policy said <see cref="NotSampled"/>; else it is dropped.
/// </summary>
public enum PolicyDecision
{
    NotSampled,
    Sampled,

    /// <summary>An <c>invert_match</c> policy found no matching value: keep, unless another policy declines or excludes the trace.</summary>
    InvertSampled,

    /// <summary>An <c>invert_match</c> policy found a matching value: drop, whatever other policies say.</summary>
    InvertNotSampled,

    /// <summary>A <c>drop</c> policy matched: drop before anything else is considered.</summary>
    Dropped,
}

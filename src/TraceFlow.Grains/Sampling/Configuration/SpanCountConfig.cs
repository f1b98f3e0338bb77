using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>span_count</c>: <c>min_spans</c> and the optional <c>max_spans</c> (0: none).</summary>
public sealed class SpanCountConfig
{
    [ConfigurationKeyName("min_spans")] public int MinSpans { get; set; }

    [ConfigurationKeyName("max_spans")] public int MaxSpans { get; set; }
}

using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>latency</c>: <c>threshold_ms</c> and the optional <c>upper_threshold_ms</c>.</summary>
public sealed class LatencyConfig
{
    [ConfigurationKeyName("threshold_ms")] public long ThresholdMs { get; set; }

    [ConfigurationKeyName("upper_threshold_ms")] public long UpperThresholdMs { get; set; }
}

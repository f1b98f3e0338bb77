using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>rate_limiting</c>: <c>spans_per_second</c>, and TraceFlow's optional <c>spans_per_second_per_service</c>; both cluster-wide.</summary>
public sealed class RateLimitingConfig
{
    [ConfigurationKeyName("spans_per_second")] public long SpansPerSecond { get; set; }

    /// <summary>A TraceFlow extension: at most this many of the spans per second go to traces of any one root service.</summary>
    [ConfigurationKeyName("spans_per_second_per_service")] public long? SpansPerSecondPerService { get; set; }
}

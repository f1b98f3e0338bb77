using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>rate_limiting</c>: <c>spans_per_second</c>, kept across the whole cluster.</summary>
public sealed class RateLimitingConfig
{
    [ConfigurationKeyName("spans_per_second")] public long SpansPerSecond { get; set; }
}

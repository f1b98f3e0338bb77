using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>One <c>rate_allocation</c> entry of a <c>composite</c>: a sub-policy's <c>percent</c> of <c>max_total_spans_per_second</c>.</summary>
public sealed class RateAllocationConfig
{
    [ConfigurationKeyName("policy")] public string? Policy { get; set; }

    /// <summary>Whole percent, as the Collector takes it; 0 means the default share.</summary>
    [ConfigurationKeyName("percent")] public long Percent { get; set; }
}

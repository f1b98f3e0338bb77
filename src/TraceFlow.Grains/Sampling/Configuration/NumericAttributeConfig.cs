using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>numeric_attribute</c>: <c>key</c>, <c>min_value</c> and/or <c>max_value</c>, <c>invert_match</c>.</summary>
public sealed class NumericAttributeConfig
{
    [ConfigurationKeyName("key")] public string? Key { get; set; }

    [ConfigurationKeyName("min_value")] public long? MinValue { get; set; }

    [ConfigurationKeyName("max_value")] public long? MaxValue { get; set; }

    [ConfigurationKeyName("invert_match")] public bool InvertMatch { get; set; }
}

using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>boolean_attribute</c>: <c>key</c>, <c>value</c>, <c>invert_match</c>.</summary>
public sealed class BooleanAttributeConfig
{
    [ConfigurationKeyName("key")] public string? Key { get; set; }

    [ConfigurationKeyName("value")] public bool Value { get; set; }

    [ConfigurationKeyName("invert_match")] public bool InvertMatch { get; set; }
}

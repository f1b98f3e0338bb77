using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>string_attribute</c>: <c>key</c>, <c>values</c>, <c>enabled_regex_matching</c>, <c>invert_match</c>.</summary>
public sealed class StringAttributeConfig
{
    [ConfigurationKeyName("key")] public string? Key { get; set; }

    [ConfigurationKeyName("values")] public List<string> Values { get; set; } = [];

    [ConfigurationKeyName("enabled_regex_matching")] public bool EnabledRegexMatching { get; set; }

    /// <summary>Accepted for compatibility; matches are not cached here (regular expressions run without backtracking).</summary>
    [ConfigurationKeyName("cache_max_size")] public int CacheMaxSize { get; set; }

    [ConfigurationKeyName("invert_match")] public bool InvertMatch { get; set; }
}

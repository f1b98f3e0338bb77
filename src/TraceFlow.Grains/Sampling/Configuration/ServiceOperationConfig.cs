using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>service_operation</c> (TraceFlow): <c>services</c>, <c>operations</c>, <c>enabled_regex_matching</c>, <c>invert_match</c>.</summary>
public sealed class ServiceOperationConfig
{
    [ConfigurationKeyName("services")] public List<string> Services { get; set; } = [];

    [ConfigurationKeyName("operations")] public List<string> Operations { get; set; } = [];

    [ConfigurationKeyName("enabled_regex_matching")] public bool EnabledRegexMatching { get; set; }

    [ConfigurationKeyName("invert_match")] public bool InvertMatch { get; set; }
}

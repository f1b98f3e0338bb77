using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>trace_state</c>: <c>key</c> and <c>values</c> of a W3C tracestate member.</summary>
public sealed class TraceStateConfig
{
    [ConfigurationKeyName("key")] public string? Key { get; set; }

    [ConfigurationKeyName("values")] public List<string> Values { get; set; } = [];
}

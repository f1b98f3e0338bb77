using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// One entry of <c>TraceFlow:Sampling:Policies</c>, spelled as the OpenTelemetry Collector's
/// <c>tail_sampling</c> policies are (<c>name</c>, <c>type</c>, and a section named after the
/// type), so a Collector policy list pasted as JSON means the same here.
/// </summary>
public sealed class PolicyConfig
{
    [ConfigurationKeyName("name")] public string? Name { get; set; }

    [ConfigurationKeyName("type")] public string? Type { get; set; }

    [ConfigurationKeyName("latency")] public LatencyConfig? Latency { get; set; }

    [ConfigurationKeyName("status_code")] public StatusCodeConfig? StatusCode { get; set; }

    [ConfigurationKeyName("probabilistic")] public ProbabilisticConfig? Probabilistic { get; set; }

    [ConfigurationKeyName("string_attribute")] public StringAttributeConfig? StringAttribute { get; set; }

    [ConfigurationKeyName("numeric_attribute")] public NumericAttributeConfig? NumericAttribute { get; set; }

    [ConfigurationKeyName("boolean_attribute")] public BooleanAttributeConfig? BooleanAttribute { get; set; }

    [ConfigurationKeyName("span_count")] public SpanCountConfig? SpanCount { get; set; }

    [ConfigurationKeyName("trace_state")] public TraceStateConfig? TraceState { get; set; }

    [ConfigurationKeyName("rate_limiting")] public RateLimitingConfig? RateLimiting { get; set; }

    [ConfigurationKeyName("composite")] public CompositeConfig? Composite { get; set; }

    [ConfigurationKeyName("and")] public AndConfig? And { get; set; }

    [ConfigurationKeyName("drop")] public DropConfig? Drop { get; set; }

    /// <summary>A TraceFlow extension: match on a span's service and operation.</summary>
    [ConfigurationKeyName("service_operation")] public ServiceOperationConfig? ServiceOperation { get; set; }
}

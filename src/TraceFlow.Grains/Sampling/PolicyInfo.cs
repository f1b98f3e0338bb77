namespace TraceFlow.Grains.Sampling;

/// <summary>One live policy as listings show it: its name and its Collector type.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.PolicyInfo")]
public sealed record PolicyInfo([property: Id(0)] string Name, [property: Id(1)] string Type);

namespace TraceFlow.Grains.Traces;

/// <summary>Calls from one service to another: within a trace, or summed over traces (dependency graphs).</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.ServiceCall")]
public sealed record ServiceCall(
    [property: Id(0)] string Parent,
    [property: Id(1)] string Child,
    [property: Id(2)] int CallCount,
    [property: Id(3)] int ErrorCount);

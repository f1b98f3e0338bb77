namespace TraceFlow.Grains.Traces;

/// <summary>A span attribute (tag). Values are strings in the seed's API.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanAttribute")]
public readonly record struct SpanAttribute([property: Id(0)] string Key, [property: Id(1)] string Value);

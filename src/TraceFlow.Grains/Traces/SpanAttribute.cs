namespace TraceFlow.Grains.Traces;

/// <summary>
/// A span, resource, event or link attribute. The value is kept as text in a canonical form
/// (see <see cref="AttributeValueType"/>) with its type beside it, so every protocol's typed
/// values come back out with their type: Jaeger's <c>int64</c>, OTLP's <c>boolValue</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.SpanAttribute")]
public readonly record struct SpanAttribute(
    [property: Id(0)] string Key,
    [property: Id(1)] string Value,
    [property: Id(2)] AttributeValueType Type = AttributeValueType.StringValue)
{
    /// <summary>Key and text match, whatever the type: a query for <c>status=500</c> finds the integer 500.</summary>
    public bool Matches(string key, string value) =>
        string.Equals(Key, key, StringComparison.Ordinal) && string.Equals(Value, value, StringComparison.Ordinal);
}

namespace TraceFlow.Grains.Traces;

/// <summary>The type of an attribute value (named as OTLP's <c>AnyValue</c> cases) and the canonical text it is stored as.</summary>
public enum AttributeValueType
{
    /// <summary>The text itself.</summary>
    StringValue = 0,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    BoolValue = 1,

    /// <summary>A signed 64-bit integer in invariant decimal.</summary>
    IntValue = 2,

    /// <summary>A double in invariant round-trip form (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> included).</summary>
    DoubleValue = 3,

    /// <summary>A JSON array of the values (strings, numbers, booleans, nested arrays and objects).</summary>
    ArrayValue = 4,

    /// <summary>A JSON object of the key/value list.</summary>
    KeyValueListValue = 5,

    /// <summary>Base64 of the bytes.</summary>
    BytesValue = 6,
}

namespace TraceFlow.LoadGen.Generation;

/// <summary>One attribute: a string, or an integer when <see cref="StringValue"/> is null.</summary>
internal readonly record struct SpanAttribute(string Key, string? StringValue, long IntValue)
{
    public static SpanAttribute Of(string key, string value) => new(key, value, 0);

    public static SpanAttribute Of(string key, long value) => new(key, null, value);

    public bool IsInt => StringValue is null;
}

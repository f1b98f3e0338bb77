using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>Value equality for attribute lists, which <see cref="ImmutableArray{T}"/> compares by reference.</summary>
internal static class AttributeSequence
{
    public static bool Equal(ImmutableArray<SpanAttribute> left, ImmutableArray<SpanAttribute> right) =>
        Normalize(left).AsSpan().SequenceEqual(Normalize(right).AsSpan());

    public static int Hash(ImmutableArray<SpanAttribute> attributes)
    {
        var hash = new HashCode();
        foreach (var attribute in Normalize(attributes))
        {
            hash.Add(attribute);
        }

        return hash.ToHashCode();
    }

    public static ImmutableArray<SpanAttribute> Normalize(ImmutableArray<SpanAttribute> attributes) =>
        attributes.IsDefault ? [] : attributes;
}

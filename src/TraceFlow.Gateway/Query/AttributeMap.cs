using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>Attributes as the API shows them: a JSON object in which a repeated key keeps its last value.</summary>
internal static class AttributeMap
{
    public static Dictionary<string, string> From(ImmutableArray<SpanAttribute> attributes)
    {
        var map = new Dictionary<string, string>(attributes.IsDefault ? 0 : attributes.Length, StringComparer.Ordinal);
        if (!attributes.IsDefault)
        {
            foreach (var attribute in attributes)
            {
                map[attribute.Key] = attribute.Value;
            }
        }

        return map;
    }
}

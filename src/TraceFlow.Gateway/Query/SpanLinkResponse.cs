using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>A span link as <c>GET /api/traces/{id}</c> shows it.</summary>
public sealed record SpanLinkResponse(string TraceId, string SpanId, string? TraceState, IReadOnlyDictionary<string, string> Attributes)
{
    public static SpanLinkResponse From(SpanLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.TraceId, link.SpanId, link.TraceState, AttributeMap.From(link.Attributes));
    }
}

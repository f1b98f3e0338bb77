using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>A span event as <c>GET /api/traces/{id}</c> shows it.</summary>
public sealed record SpanEventResponse(
    string Name,
    double TimeUnixMs,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static SpanEventResponse From(SpanEvent spanEvent)
    {
        ArgumentNullException.ThrowIfNull(spanEvent);
        return new(spanEvent.Name, Units.NanosToMillis(spanEvent.TimeUnixNanos), AttributeMap.From(spanEvent.Attributes));
    }
}

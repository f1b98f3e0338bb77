namespace TraceFlow.Grains.Traces;

/// <summary>Span status, numbered as OTLP numbers it.</summary>
public enum SpanStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

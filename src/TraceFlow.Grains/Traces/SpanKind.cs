namespace TraceFlow.Grains.Traces;

/// <summary>Span kind, numbered as OTLP numbers it.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

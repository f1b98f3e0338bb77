namespace TraceFlow.LoadGen.Generation;

/// <summary>Span kinds, numbered as OTLP numbers them.</summary>
internal enum GeneratedSpanKind
{
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

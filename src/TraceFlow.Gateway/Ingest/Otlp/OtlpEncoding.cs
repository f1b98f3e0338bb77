namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>The two OTLP/HTTP payload encodings; the response uses the request's.</summary>
public enum OtlpEncoding
{
    Protobuf,
    Json,
}

namespace TraceFlow.LoadGen.Cli;

/// <summary>The wire format the generator speaks.</summary>
internal enum Protocol
{
    /// <summary>TraceFlow JSON, <c>POST /api/spans</c>.</summary>
    Json,

    /// <summary>OTLP/HTTP protobuf, <c>POST /v1/traces</c>.</summary>
    OtlpHttp,

    /// <summary>OTLP/gRPC, <c>TraceService/Export</c>.</summary>
    OtlpGrpc,
}

namespace TraceFlow.Sdk.Export;

/// <summary>The wire format the exporter speaks.</summary>
public enum ExportProtocol
{
    /// <summary>TraceFlow JSON to <c>{Endpoint}/api/spans</c> (the collector's own API, port 9411).</summary>
    TraceFlowJson,

    /// <summary>OTLP/HTTP JSON to <c>{Endpoint}/v1/traces</c> (any OTLP collector; TraceFlow's port 4318).</summary>
    OtlpHttpJson,
}

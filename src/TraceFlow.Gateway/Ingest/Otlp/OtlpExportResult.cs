using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>The answer to one OTLP export: the response when accepted, else the failure status.</summary>
internal sealed record OtlpExportResult(OtlpOutcome Outcome, ExportTraceServiceResponse? Response, RpcStatus? Failure, TimeSpan RetryAfter = default)
{
    public static OtlpExportResult Accepted(ExportTraceServiceResponse response) => new(OtlpOutcome.Accepted, response, null);

    public static OtlpExportResult Failed(OtlpOutcome outcome, RpcStatus failure, TimeSpan retryAfter = default) => new(outcome, null, failure, retryAfter);
}

using Grpc.Core;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Security;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// OTLP/gRPC: <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>. Partial
/// success answers OK; every span invalid is INVALID_ARGUMENT with BadRequest details; too many
/// spans is RESOURCE_EXHAUSTED (final); a full or overloaded collector is UNAVAILABLE with RetryInfo.
/// Bound by <see cref="OtlpTraceServiceMethodProvider"/>, not by the generated base class.
/// </summary>
public sealed class OtlpTraceGrpcService(OtlpTraceIngest ingest, IngestAdmission admission)
{
    public async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);

        // The server has read the message already: it is charged at its size while it is mapped and dispatched.
        using var admitted = admission.TryAdmit(request.CalculateSize());
        if (admitted.Refusal is { } shed)
        {
            GatewayMetrics.RejectRequest(OtlpTraceIngest.GrpcProtocol, shed.Reason);
            throw OtlpFailures.Unavailable(shed.Message, ingest.Limits.RetryAfter).ToRpcException();
        }

        var result = await ingest.ExportAsync(context.GetHttpContext().Tenant(), request, null, OtlpTraceIngest.GrpcProtocol, context.CancellationToken);
        return result.Outcome == OtlpOutcome.Accepted ? result.Response! : throw result.Failure!.ToRpcException();
    }
}

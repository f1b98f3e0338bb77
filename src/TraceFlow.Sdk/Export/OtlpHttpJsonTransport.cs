using System.Buffers;
using System.Diagnostics;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Posts batches as OTLP/HTTP JSON to <c>{Endpoint}/v1/traces</c>, for any OTLP collector
/// (TraceFlow on port 4318, the OpenTelemetry Collector, Tempo, Jaeger). Spans the collector
/// refused come back in <c>partialSuccess.rejectedSpans</c>.
/// </summary>
public sealed class OtlpHttpJsonTransport(HttpClient http, TimeProvider time) : HttpSpanTransport(http, time)
{
    protected override string Path => "v1/traces";

    protected override void WriteBody(IBufferWriter<byte> output, IReadOnlyList<Activity> batch, string serviceName) =>
        OtlpJsonSpanWriter.Write(output, batch, serviceName);

    protected override int ReadRejected(ReadOnlySpan<byte> body) => ReadCount(body, "rejectedSpans"u8, "partialSuccess"u8);
}

using System.Buffers;
using System.Diagnostics;

namespace TraceFlow.Sdk.Export;

/// <summary>Posts batches as TraceFlow JSON to <c>POST /api/spans</c>; a 202 lists refused spans in <c>rejected</c>.</summary>
public sealed class TraceFlowJsonTransport(HttpClient http, TimeProvider time) : HttpSpanTransport(http, time)
{
    protected override string Path => "api/spans";

    protected override void WriteBody(IBufferWriter<byte> output, IReadOnlyList<Activity> batch, string serviceName) =>
        TraceFlowJsonSpanWriter.Write(output, batch, serviceName);

    protected override int ReadRejected(ReadOnlySpan<byte> body) => ReadCount(body, "rejected"u8);
}

using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Sending;

/// <summary>OTLP/HTTP protobuf to <c>POST /v1/traces</c>; success answers may carry a partial success.</summary>
internal sealed class OtlpHttpSpanSender(HttpClient client, Uri target) : ISpanSender
{
    private static readonly MediaTypeHeaderValue ProtobufType = new("application/x-protobuf");

    private readonly Uri endpoint = new(target, "/v1/traces");
    private readonly OtlpRequestEncoder encoder = new();
    private byte[] buffer = new byte[64 * 1024];

    public long Encode(RequestBatch batch) => Serialize(batch).Length;

    public async Task<SendOutcome> SendAsync(RequestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var content = new ReadOnlyMemoryContent(Serialize(batch));
        content.Headers.ContentType = ProtobufType;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var rejected = body.Length == 0 ? 0 : ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedSpans ?? 0;
            return SendOutcome.Ok(batch.SpanCount, rejected);
        }

        if (HttpStatusMapping.IsThrottle(response.StatusCode))
        {
            return SendOutcome.Throttled(batch.SpanCount, HttpStatusMapping.RetryAfter(response));
        }

        return response.StatusCode == HttpStatusCode.BadRequest ? SendOutcome.Refused(batch.SpanCount) : SendOutcome.Error();
    }

    public void Dispose()
    {
    }

    private ReadOnlyMemory<byte> Serialize(RequestBatch batch)
    {
        var message = encoder.Build(batch);
        var size = message.CalculateSize();
        if (buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, buffer.Length * 2)];
        }

        message.WriteTo(buffer.AsSpan(0, size));
        return buffer.AsMemory(0, size);
    }
}

using System.Net;
using System.Net.Http.Headers;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace TraceFlow.LoadGen.Sending;

/// <summary>OTLP/HTTP protobuf to <c>POST /v1/traces</c>; success answers may carry a partial success.</summary>
internal sealed class OtlpHttpSpanSender(HttpClient client, Uri target) : ISpanSender
{
    private static readonly MediaTypeHeaderValue ProtobufType = new("application/x-protobuf");

    private readonly Uri endpoint = new(target, "/v1/traces");

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, int spanCount, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = ProtobufType;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var rejected = answer.Length == 0 ? 0 : ExportTraceServiceResponse.Parser.ParseFrom(answer).PartialSuccess?.RejectedSpans ?? 0;
            return SendOutcome.Ok(spanCount, rejected);
        }

        if (HttpStatusMapping.IsThrottle(response.StatusCode))
        {
            return SendOutcome.Throttled(spanCount, HttpStatusMapping.RetryAfter(response));
        }

        return response.StatusCode == HttpStatusCode.BadRequest ? SendOutcome.Refused(spanCount) : SendOutcome.Error();
    }

    public void Dispose()
    {
    }
}

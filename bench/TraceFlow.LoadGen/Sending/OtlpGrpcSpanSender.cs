using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Sending;

/// <summary>OTLP/gRPC <c>TraceService/Export</c> over a shared HTTP/2 channel.</summary>
internal sealed class OtlpGrpcSpanSender(GrpcChannel channel) : ISpanSender
{
    private readonly TraceService.TraceServiceClient client = new(channel);
    private readonly OtlpRequestEncoder encoder = new();

    public long Encode(RequestBatch batch) => encoder.Build(batch).CalculateSize();

    public async Task<SendOutcome> SendAsync(RequestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var request = encoder.Build(batch);
        try
        {
            var response = await client.ExportAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return SendOutcome.Ok(batch.SpanCount, response.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.InvalidArgument)
        {
            // Throttling carries RetryInfo (the OTLP recommendation); without it, ResourceExhausted
            // (too large) and InvalidArgument are refusals and Unavailable is a transport error.
            var retry = e.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
            return retry is not null ? SendOutcome.Throttled(batch.SpanCount, retry)
                : e.StatusCode == StatusCode.Unavailable ? SendOutcome.Error()
                : SendOutcome.Refused(batch.SpanCount);
        }
    }

    public void Dispose()
    {
    }
}

using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace TraceFlow.LoadGen.Sending;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c> over a shared HTTP/2 channel. The request is sent as the
/// already serialized <c>ExportTraceServiceRequest</c> it is, so a prepared body goes out as is.
/// </summary>
internal sealed class OtlpGrpcSpanSender(GrpcChannel channel) : ISpanSender
{
    private static readonly Method<EncodedRequest, ExportTraceServiceResponse> Export = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        new Marshaller<EncodedRequest>(WriteBody, _ => throw new NotSupportedException("requests are only sent")),
        Marshallers.Create(static r => Google.Protobuf.MessageExtensions.ToByteArray(r), ExportTraceServiceResponse.Parser.ParseFrom));

    private readonly CallInvoker invoker = channel.CreateCallInvoker();

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, int spanCount, CancellationToken cancellationToken)
    {
        try
        {
            var response = await invoker.AsyncUnaryCall(Export, null, new CallOptions(cancellationToken: cancellationToken), new EncodedRequest(body)).ConfigureAwait(false);
            return SendOutcome.Ok(spanCount, response.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.InvalidArgument)
        {
            // Throttling carries RetryInfo (the OTLP recommendation); without it, ResourceExhausted
            // (too large) and InvalidArgument are refusals and Unavailable is a transport error.
            var retry = e.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
            return retry is not null ? SendOutcome.Throttled(spanCount, retry)
                : e.StatusCode == StatusCode.Unavailable ? SendOutcome.Error()
                : SendOutcome.Refused(spanCount);
        }
    }

    public void Dispose()
    {
    }

    private static void WriteBody(EncodedRequest request, SerializationContext context)
    {
        var body = request.Body;
        context.SetPayloadLength(body.Length);
        var writer = context.GetBufferWriter();
        body.Span.CopyTo(writer.GetSpan(body.Length));
        writer.Advance(body.Length);
        context.Complete();
    }

    /// <summary>gRPC's request type must be a class.</summary>
    private sealed record EncodedRequest(ReadOnlyMemory<byte> Body);
}

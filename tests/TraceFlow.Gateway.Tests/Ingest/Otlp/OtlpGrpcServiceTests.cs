using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using TraceFlow.Gateway.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>: the status codes of the OTLP specification for bad data and partial success.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OtlpGrpcServiceTests(GatewayFactory factory) : IDisposable
{
    private readonly GatewayClient client = new(factory);
    private readonly OtlpGrpcClient grpc = new(factory);

    public void Dispose() => grpc.Dispose();

    [Fact]
    public async Task Export_SomeSpansInvalid_IsOkWithPartialSuccessAndKeepsTheValidOnes()
    {
        var traceId = NewTraceId();

        var response = await grpc.ExportAsync(Request("grpc-partial", Span(traceId, "0000000000000000"), Span(traceId, NewSpanId(), name: "kept")));

        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Contains("spans[0].span_id must not be all zeros", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("kept", Assert.Single(trace.GetProperty("spans").EnumerateArray()).GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Export_EverySpanValid_IsOkWithoutPartialSuccess()
    {
        var traceId = NewTraceId();

        var response = await grpc.ExportAsync(Request("grpc-ok", Span(traceId, NewSpanId())));

        Assert.Null(response.PartialSuccess);
        await client.WaitForTraceAsync(traceId);
    }

    [Fact]
    public async Task Export_EverySpanInvalid_FailsWithInvalidArgumentAndBadRequestDetails()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(Request("grpc-invalid", Span(NewTraceId(), "01"))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var status = error.GetRpcStatus()!;
        Assert.StartsWith("1 span of 1 rejected", status.Message, StringComparison.Ordinal);
        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("resource_spans[0].scope_spans[0].spans[0].span_id", violation.Field);
        Assert.Equal("must be 8 bytes (16 hex digits in OTLP JSON), got 1", violation.Description);
    }

    [Fact]
    public async Task Export_UndecodableMessage_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportBytesAsync([0x0A, 0xC8, 0x01, 0x0A]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid protobuf ExportTraceServiceRequest", error.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(error.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task Export_MoreSpansThanARequestMayCarry_FailsWithResourceExhaustedWithoutRetryInfo()
    {
        var spans = Enumerable.Range(0, 1001).Select(_ => Span(NewTraceId(), NewSpanId())).ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(Request("grpc-many", spans)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Null(error.GetRpcStatus()?.GetDetail<RetryInfo>());
    }

    [Fact]
    public async Task Export_GzipMessageThatExpandsPastTheLimit_FailsWithResourceExhausted()
    {
        // 16 MiB of zeros in one id field: the client gzips it to a few KiB, under the message size limit.
        var bomb = Request("grpc-bomb", Span(NewTraceId(), NewSpanId()));
        bomb.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = ByteString.CopyFrom(new byte[16 * 1024 * 1024]);

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(bomb, new Metadata { { "grpc-internal-encoding-request", "gzip" } }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("exceeds the limit", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_GzipCompressedMessage_IsAccepted()
    {
        var traceId = NewTraceId();

        var response = await grpc.ExportAsync(Request("grpc-gzip", Span(traceId, NewSpanId())), new Metadata { { "grpc-internal-encoding-request", "gzip" } });

        Assert.Null(response.PartialSuccess);
        await client.WaitForTraceAsync(traceId);
    }
}

using System.Net;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using TraceFlow.Gateway.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>A full collector answers OTLP with its retryable statuses, and the retry goes through once there is room.</summary>
public sealed class OtlpOverloadTests(OneLiveTraceGatewayFactory factory) : IClassFixture<OneLiveTraceGatewayFactory>, IDisposable
{
    private readonly GatewayClient client = new(factory);
    private readonly OtlpGrpcClient grpc = new(factory);

    public void Dispose() => grpc.Dispose();

    [Fact]
    public async Task Export_WhenTheSiloHoldsItsMaximumOfLiveTraces_IsRefusedRetryablyOverHttpAndGrpc_AndTheRetrySucceeds()
    {
        var (first, second) = (NewTraceId(), NewTraceId());
        var firstRequest = Request("busy", Span(first, NewSpanId()));
        var secondRequest = Request("busy", Span(second, NewSpanId()));
        Assert.Null((await grpc.ExportAsync(firstRequest)).PartialSuccess);

        using (var refused = await client.Http.PostAsync("/v1/traces", GatewayClient.Bytes(secondRequest.ToByteArray(), "application/x-protobuf"), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            var status = RpcStatus.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync(GatewayClient.Cancel));
            Assert.Equal((int)Code.Unavailable, status.Code);
            Assert.Contains("1 span refused because the collector is at capacity", status.Message, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(status.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(secondRequest));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());

        // Once the first trace is decided the silo has room again, and the retry goes through.
        await client.WaitForTraceAsync(first);
        Assert.Null((await grpc.ExportAsync(secondRequest)).PartialSuccess);
        await client.WaitForTraceAsync(second);
        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"otlp_grpc\",reason=\"overloaded\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"otlp_http_protobuf\",reason=\"overloaded\"}", metrics, StringComparison.Ordinal);
    }
}

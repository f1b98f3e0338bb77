using System.Net;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TraceFlow.Gateway.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;

namespace TraceFlow.Gateway.Tests.Shutdown;

/// <summary>
/// From the moment the collector begins to stop (the host's ApplicationStopping, as SIGTERM
/// triggers it) every ingest protocol is refused retryably and readiness fails, while queries
/// are still answered, for the unready delay (held here by the fake clock). A gateway of its
/// own: it never starts again.
/// </summary>
public sealed class StoppingGatewayTests : IDisposable
{
    private static readonly TimeSpan UnreadyDelay = TimeSpan.FromSeconds(5);
    private readonly UnreadyDelayGatewayFactory factory = new();
    private readonly GatewayClient client;
    private readonly OtlpGrpcClient grpc;

    public StoppingGatewayTests()
    {
        client = new GatewayClient(factory);
        grpc = new OtlpGrpcClient(factory);
    }

    public void Dispose()
    {
        grpc.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task OnceStopping_EveryIngestProtocolIsRefusedWith503AndRetryAfter_ReadinessFails_QueriesStillAnswer()
    {
        var traceId = NewTraceId();
        using (var ready = await client.Http.GetAsync("/readyz", GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();

        using (var json = await client.PostSpansAsync($$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"a1","service":"s","operation":"o","start_unix_ms":1,"duration_ms":1}]}"""))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), json.Headers.RetryAfter?.Delta);
            Assert.Contains("shutting down", await json.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
        }

        using (var zipkin = await client.Http.PostAsync("/api/v2/spans", new StringContent("[]", Encoding.UTF8, "application/json"), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, zipkin.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), zipkin.Headers.RetryAfter?.Delta);
        }

        var request = Request("stopping", Span(traceId, NewSpanId()));
        using (var otlp = await client.Http.PostAsync("/v1/traces", GatewayClient.Bytes(request.ToByteArray(), "application/x-protobuf"), GatewayClient.Cancel))
        {
            await RetryableRefusal.AssertOtlpHttpAsync(otlp, TimeSpan.FromSeconds(1));
        }

        RetryableRefusal.AssertGrpc(await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(request)), TimeSpan.FromSeconds(1));

        using (var ready = await client.Http.GetAsync("/readyz", GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        using (var query = await client.Http.GetAsync("/api/traces", GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        }

        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        foreach (var protocol in new[] { "traceflow_json", "zipkin", "otlp_http_protobuf", "otlp_grpc" })
        {
            Assert.Contains($"traceflow_ingest_requests_rejected_total{{protocol=\"{protocol}\",reason=\"shutting_down\"}}", metrics, StringComparison.Ordinal);
        }

        // Only the clock ends the delay; then the stop goes on (the process test follows it to the end).
        Assert.False(lifetime.ApplicationStopped.IsCancellationRequested);
        await factory.AdvanceAsync(UnreadyDelay);
    }

    private sealed class UnreadyDelayGatewayFactory : GatewayFactory
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
        {
            ["TraceFlow:Shutdown:UnreadyDelay"] = UnreadyDelay.ToString(),

            // The silo's own stop waits on timers of the fake clock: the host's timeout ends it.
            ["TraceFlow:Shutdown:Timeout"] = "00:00:03",
        };
    }
}

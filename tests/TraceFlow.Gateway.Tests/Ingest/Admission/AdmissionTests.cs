using System.Net;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Infrastructure.OtlpRequests;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

/// <summary>Admission control sheds every ingest protocol with a retryable answer, and takes the retry once there is room.</summary>
public sealed class AdmissionTests(AdmissionGatewayFactory factory) : IClassFixture<AdmissionGatewayFactory>, IDisposable
{
    private readonly GatewayClient client = new(factory);
    private readonly OtlpGrpcClient grpc = new(factory.OtlpGrpcAddress);

    private IngestAdmission Admission => factory.Services.GetRequiredService<IngestAdmission>();

    private MemoryPressureMonitor Monitor => factory.Services.GetRequiredService<MemoryPressureMonitor>();

    public void Dispose() => grpc.Dispose();

    [Fact]
    public async Task EveryIngestProtocol_BeyondTheInFlightLimit_Gets503WithRetryAfter_AndTheRetryIsTakenOnceTheHeldRequestEnds()
    {
        var (held, refused) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using var heldBody = new HeldBodyContent(Batch(held));
        // Over a socket: the in-memory test server reads a request's whole body before the app sees it.
        using var socketClient = new HttpClient { BaseAddress = factory.ServerAddress };
        var heldResponse = socketClient.PostAsync("/api/spans", heldBody, GatewayClient.Cancel);
        await Poll.UntilAsync(() => Task.FromResult(Admission.RequestsInFlight), n => n == 1, "the held request to be admitted");

        using (var json = await client.PostSpansAsync(Batch(refused)))
        {
            await AssertShedAsync(json);
            Assert.Contains("maximum of 1 ingest requests", (await GatewayClient.ReadJsonAsync(json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var zipkin = await client.Http.PostAsync("/api/v2/spans", ZipkinBatch(refused), GatewayClient.Cancel))
        {
            await AssertShedAsync(zipkin);
            Assert.Contains("maximum of 1 ingest requests", await zipkin.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
        }

        var otlp = Request("shed", Span(refused, NewSpanId()));
        using (var http = await client.Http.PostAsync("/v1/traces", GatewayClient.Bytes(otlp.ToByteArray(), "application/x-protobuf"), GatewayClient.Cancel))
        {
            await RetryableRefusal.AssertOtlpHttpAsync(http, TimeSpan.FromSeconds(2));
        }

        RetryableRefusal.AssertGrpc(await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(otlp)), TimeSpan.FromSeconds(2));

        heldBody.Release();
        using (var accepted = await heldResponse)
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var retried = await client.PostSpansAsync(Batch(refused)))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        // Nothing shed was taken: the refused trace holds the one span of the retry.
        var stored = await client.WaitForTraceAsync(refused);
        Assert.Equal(1, stored.GetProperty("span_count").GetInt32());
        await client.WaitForTraceAsync(held);
        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        foreach (var protocol in new[] { "traceflow_json", "zipkin", "otlp_http_protobuf", "otlp_grpc" })
        {
            Assert.Contains($"traceflow_ingest_requests_rejected_total{{protocol=\"{protocol}\",reason=\"in_flight_requests\"}} 1", metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AboveTheSoftMemoryLimit_IngestIsShed_QueriesStillAnswer_AndIngestResumesBelowIt()
    {
        var traceId = GatewayClient.NewTraceId();
        try
        {
            factory.Memory.WorkingSetBytes = FakeProcessMemory.OneGiB * 9 / 10;
            Assert.Equal(MemoryPressureLevel.Soft, Monitor.Check());

            using (var shed = await client.PostSpansAsync(Batch(traceId)))
            {
                await AssertShedAsync(shed);
                Assert.Contains("near its memory limit (1024 MiB)", (await GatewayClient.ReadJsonAsync(shed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            var (status, _) = await client.GetJsonAsync("/api/traces?limit=1");
            Assert.Equal(HttpStatusCode.OK, status);
            // (The pressure gauge is process-wide, shared with the other test gateways' monitors; the refusal counter only grows.)
            Assert.Contains(
                "traceflow_ingest_requests_rejected_total{protocol=\"traceflow_json\",reason=\"memory_pressure\"}",
                await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel),
                StringComparison.Ordinal);
        }
        finally
        {
            factory.Memory.WorkingSetBytes = FakeProcessMemory.OneGiB / 2;
            Assert.Equal(MemoryPressureLevel.Normal, Monitor.Check());
        }

        using (var accepted = await client.PostSpansAsync(Batch(traceId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.Equal(1, (await client.WaitForTraceAsync(traceId)).GetProperty("span_count").GetInt32());
    }

    private static async Task AssertShedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        await response.Content.LoadIntoBufferAsync(GatewayClient.Cancel);
    }

    private static string Batch(string traceId) =>
        $$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"s","service":"busy","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}]}""";

    private static StringContent ZipkinBatch(string traceId) => new(
        $$$"""[{"traceId":"{{{traceId}}}","id":"0000000000000001","name":"o","timestamp":1710000000000000,"duration":1000,"localEndpoint":{"serviceName":"busy"}}]""",
        Encoding.UTF8,
        "application/json");
}

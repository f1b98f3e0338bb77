using System.Net;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>A gateway where tenants "limited-*" may send 10 spans/s with a burst of 20; other tenants have no rate limit.</summary>
public sealed class RateLimitedGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new[] { "limited-json", "limited-zipkin", "limited-grpc" }
        .SelectMany(t => new[]
        {
            KeyValuePair.Create($"TraceFlow:TenantLimits:Tenants:{t}:IngestSpansPerSecond", "10"),
            KeyValuePair.Create($"TraceFlow:TenantLimits:Tenants:{t}:IngestBurstSpans", "20"),
        })
        .ToDictionary();
}

/// <summary>Per-tenant ingest rate: 429 with Retry-After (gRPC RESOURCE_EXHAUSTED with RetryInfo), counted per tenant, and admitted again once the bucket refills.</summary>
public sealed class TenantRateLimitTests(RateLimitedGatewayFactory factory) : IClassFixture<RateLimitedGatewayFactory>
{
    [Fact]
    public async Task OverItsRate_ATenantGets429WithRetryAfter_OthersAreUnaffected_AndItIsAdmittedOnceTheBucketRefills()
    {
        var limited = Client("limited-json");
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(limited, 20));

        using (var refused = await limited.PostAsync("/api/spans", Spans(1), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("ingest rate", await refused.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(Client(null), 50));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(Client("other-tenant"), 50));

        await factory.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(limited, 10));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync(limited, 1));

        var metrics = await factory.CreateClient().GetStringAsync("/metrics", GatewayClient.Cancel);
        Assert.Contains("traceflow_tenant_limited_spans_total{tenant=\"limited-json\",limit=\"ingest_rate\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverItsRate_Zipkin_Answers429WithRetryAfter()
    {
        var limited = Client("limited-zipkin");
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(limited, 20));
        var spans = string.Join(",", Enumerable.Range(0, 1).Select(i => $$$"""{"traceId":"{{{GatewayClient.NewTraceId()}}}","id":"{{{i + 1:x16}}}","name":"op","timestamp":1000,"duration":5,"localEndpoint":{"serviceName":"z"}}"""));
        using var response = await limited.PostAsync("/api/v2/spans", new StringContent($"[{spans}]", Encoding.UTF8, "application/json"), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task OverItsRate_OtlpGrpc_AnswersResourceExhaustedWithRetryInfo()
    {
        using var client = new OtlpGrpcClient(factory);
        var metadata = new Metadata { { "x-scope-orgid", "limited-grpc" } };
        var traceId = OtlpRequests.NewTraceId();
        var spans = Enumerable.Range(0, 20).Select(_ => OtlpRequests.Span(traceId, OtlpRequests.NewSpanId())).ToArray();
        await client.ExportAsync(OtlpRequests.Request("g", spans), metadata);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Request("g", spans), metadata));

        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, error.StatusCode);
        var retry = error.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.True(retry.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
    }

    private HttpClient Client(string? tenant)
    {
        var http = factory.CreateClient();
        if (tenant is not null)
        {
            http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        }

        return http;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, int spans)
    {
        using var response = await http.PostAsync("/api/spans", Spans(spans), GatewayClient.Cancel);
        return response.StatusCode;
    }

    private static StringContent Spans(int count)
    {
        var traceId = GatewayClient.NewTraceId();
        var spans = Enumerable.Range(0, count).Select(i => $$"""{"trace_id":"{{traceId}}","span_id":"s{{i}}","service":"rate","operation":"o","start_unix_ms":1,"duration_ms":1}""");
        return new StringContent($$"""{"spans":[{{string.Join(",", spans)}}]}""", Encoding.UTF8, "application/json");
    }
}

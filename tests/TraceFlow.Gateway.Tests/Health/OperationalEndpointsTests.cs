using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Health;

/// <summary>/healthz, /readyz, /metrics and the UI.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OperationalEndpointsTests(GatewayFactory factory)
{
    private readonly GatewayClient client = new(factory);

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_WhenTheSiloIsUp_AnswerHealthy(string path)
    {
        using var response = await client.Http.GetAsync(path, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(GatewayClient.Cancel));
    }

    [Fact]
    public async Task Metrics_ExposeIngestSamplingAndStoreCounters()
    {
        var id = GatewayClient.NewTraceId();
        using (var response = await client.PostSpansAsync($$"""
            {"spans":[{"trace_id":"{{id}}","span_id":"s","service":"m","operation":"o","start_unix_ms":1,"duration_ms":1},
                      {"trace_id":"{{id}}","span_id":"bad","service":"m","operation":"o","start_unix_ms":1,"duration_ms":-1}]}
            """))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await client.WaitForTraceAsync(id);
        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);

        Assert.Contains("traceflow_ingest_spans_accepted_total{protocol=\"traceflow_json\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_ingest_spans_rejected_total{protocol=\"traceflow_json\",reason=\"invalid\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_spans_received_total", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_sampling_decisions_total{decision=\"kept\",policy=\"always_sample\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_sampling_policy_decisions_total{policy=\"always_sample\",decision=\"sampled\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_traces_decided_total{trigger=\"decision_wait\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_traces_live", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_store_traces", metrics, StringComparison.Ordinal);
        Assert.Contains("traceflow_store_evicted_traces_total", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_ServesTheUiWithAStrictContentSecurityPolicy()
    {
        using var response = await client.Http.GetAsync("/", GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("TraceFlow", await response.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The UI's ES modules, nested ones included, with a JavaScript type (browsers refuse modules without one).
        foreach (var module in new[] { "/js/app.js", "/js/views/trace.js", "/js/trace/model.js" })
        {
            using var script = await client.Http.GetAsync(module, GatewayClient.Cancel);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
    }
}

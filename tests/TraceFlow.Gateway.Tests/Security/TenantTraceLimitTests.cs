using System.Diagnostics;
using System.Net;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>A gateway where tenants "capped-*" may hold 3 spans per trace and 2 live traces; other tenants have the silo-wide limits (50 spans per trace).</summary>
public sealed class TraceLimitedGatewayFactory : GatewayFactory
{
    public const int MaxSpansPerTrace = 3;
    public const int MaxLiveTraces = 2;

    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new[] { "capped-json", "capped-live", "capped-zipkin", "capped-grpc", "capped-otlp" }
        .SelectMany(t => new[]
        {
            KeyValuePair.Create($"TraceFlow:TenantLimits:Tenants:{t}:MaxSpansPerTrace", MaxSpansPerTrace.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create($"TraceFlow:TenantLimits:Tenants:{t}:MaxLiveTraces", MaxLiveTraces.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })
        .ToDictionary();
}

/// <summary>
/// Per-tenant max spans per trace and max live traces: spans past the tenant's trace limit are
/// refused as partial success (a retry could never succeed); a new trace past its live-trace limit
/// gets 429 with Retry-After (gRPC RESOURCE_EXHAUSTED with RetryInfo), and goes through once the
/// tenant's traces are decided. Both counted per tenant; other tenants are untouched.
/// </summary>
public sealed class TenantTraceLimitTests(TraceLimitedGatewayFactory factory) : IClassFixture<TraceLimitedGatewayFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PastItsSpansPerTrace_ATenantsExtraSpansAreRejected_TheRestStored_AndOtherTenantsKeepTheSiloLimit()
    {
        var capped = Client("capped-json");
        var traceId = GatewayClient.NewTraceId();

        using (var response = await capped.PostAsync("/api/spans", Spans(traceId, 5), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await GatewayClient.ReadJsonAsync(response);
            Assert.Equal(TraceLimitedGatewayFactory.MaxSpansPerTrace, body.GetProperty("accepted").GetInt32());
            Assert.Equal(2, body.GetProperty("rejected").GetInt32());
        }

        var other = Client("uncapped");
        var otherTrace = GatewayClient.NewTraceId();
        using (var response = await other.PostAsync("/api/spans", Spans(otherTrace, 5), GatewayClient.Cancel))
        {
            Assert.Equal(5, (await GatewayClient.ReadJsonAsync(response)).GetProperty("accepted").GetInt32());
        }

        Assert.Equal(TraceLimitedGatewayFactory.MaxSpansPerTrace, await WaitForStoredSpansAsync(capped, traceId));
        Assert.Equal(5, await WaitForStoredSpansAsync(other, otherTrace));
        Assert.Equal(2, await LimitedSpansAsync("capped-json", "spans_per_trace"));
    }

    [Fact]
    public async Task PastItsLiveTraces_ATenantGets429WithRetryAfter_OthersAreAdmitted_AndItsRetrySucceedsOnceATraceIsDecided()
    {
        var capped = Client("capped-live");
        for (var i = 0; i < TraceLimitedGatewayFactory.MaxLiveTraces; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await PostAsync(capped, GatewayClient.NewTraceId()));
        }

        var third = GatewayClient.NewTraceId();
        using (var refused = await capped.PostAsync("/api/spans", Spans(third, 2), GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var problem = await GatewayClient.ReadJsonAsync(refused);
            Assert.Contains("the tenant holds its maximum of live traces", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, problem.GetProperty("refused").GetInt32());
        }

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(Client("uncapped"), GatewayClient.NewTraceId()));
        Assert.Equal(2, await LimitedSpansAsync("capped-live", "live_traces"));

        // The retry a client makes after Retry-After: admitted once the tenant's traces are decided.
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = await PostAsync(capped, third)) == HttpStatusCode.TooManyRequests && clock.Elapsed < Timeout)
        {
            await factory.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, await WaitForStoredSpansAsync(capped, third));
    }

    [Fact]
    public async Task PastItsLiveTraces_Zipkin_Answers429WithRetryAfter()
    {
        var capped = Client("capped-zipkin");
        for (var i = 0; i < TraceLimitedGatewayFactory.MaxLiveTraces; i++)
        {
            using var accepted = await capped.PostAsync("/api/v2/spans", ZipkinSpan(), GatewayClient.Cancel);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var response = await capped.PostAsync("/api/v2/spans", ZipkinSpan(), GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains("the tenant holds its maximum of live traces", await response.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastItsLiveTraces_OtlpGrpc_AnswersResourceExhaustedWithRetryInfo()
    {
        using var client = new OtlpGrpcClient(factory);
        var metadata = new Metadata { { "x-scope-orgid", "capped-grpc" } };
        for (var i = 0; i < TraceLimitedGatewayFactory.MaxLiveTraces; i++)
        {
            await client.ExportAsync(OtlpRequests.Request("g", OtlpRequests.Span(OtlpRequests.NewTraceId(), OtlpRequests.NewSpanId())), metadata);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ExportAsync(OtlpRequests.Request("g", OtlpRequests.Span(OtlpRequests.NewTraceId(), OtlpRequests.NewSpanId())), metadata));

        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("the tenant holds its maximum of live traces", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(error.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero);
    }

    [Fact]
    public async Task PastItsSpansPerTrace_Otlp_AnswersPartialSuccessNamingTheRejectedSpans()
    {
        using var client = new OtlpGrpcClient(factory);
        var traceId = OtlpRequests.NewTraceId();
        var spans = Enumerable.Range(0, 5).Select(_ => OtlpRequests.Span(traceId, OtlpRequests.NewSpanId())).ToArray();

        var response = await client.ExportAsync(OtlpRequests.Request("g", spans), new Metadata { { "x-scope-orgid", "capped-otlp" } });

        Assert.Equal(2, response.PartialSuccess.RejectedSpans);
        Assert.Contains("maximum of spans", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }

    private HttpClient Client(string tenant)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        return http;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string traceId)
    {
        using var response = await http.PostAsync("/api/spans", Spans(traceId, 2), GatewayClient.Cancel);
        return response.StatusCode;
    }

    /// <summary>Advances the clock past the decision wait until the tenant can read the trace; its span count.</summary>
    private async Task<int> WaitForStoredSpansAsync(HttpClient http, string traceId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await factory.AdvanceAsync(TimeSpan.FromMilliseconds(250));
            using var response = await http.GetAsync($"/api/traces/{traceId}", GatewayClient.Cancel);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await GatewayClient.ReadJsonAsync(response)).GetProperty("span_count").GetInt32();
            }

            Assert.True(clock.Elapsed < Timeout, $"trace {traceId} was not stored within {Timeout}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), GatewayClient.Cancel);
        }
    }

    private async Task<double> LimitedSpansAsync(string tenant, string limit)
    {
        var metrics = await factory.CreateClient().GetStringAsync("/metrics", GatewayClient.Cancel);
        var prefix = $"traceflow_tenant_limited_spans_total{{tenant=\"{tenant}\",limit=\"{limit}\"}} ";
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no {prefix} in /metrics");
        return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StringContent Spans(string traceId, int count)
    {
        var spans = Enumerable.Range(0, count).Select(i => $$"""{"trace_id":"{{traceId}}","span_id":"s{{i}}","service":"capped","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}""");
        return new StringContent($$"""{"spans":[{{string.Join(",", spans)}}]}""", Encoding.UTF8, "application/json");
    }

    private static StringContent ZipkinSpan() => new(
        $$$"""[{"traceId":"{{{GatewayClient.NewTraceId()}}}","id":"0000000000000001","name":"op","timestamp":1710000000000000,"duration":5,"localEndpoint":{"serviceName":"z"}}]""",
        Encoding.UTF8,
        "application/json");
}

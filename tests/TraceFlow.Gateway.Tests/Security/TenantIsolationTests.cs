using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>
/// Tenants A and B write the same trace id (even the same span ids); each reads back only its
/// own spans, through every query API: TraceFlow's, Zipkin's, Jaeger's v1 and api_v3, search,
/// stats, timeline, dependencies and the sampling preview.
/// </summary>
public sealed class TenantIsolationTests(SecuredGatewayFactory factory) : IClassFixture<SecuredGatewayFactory>
{
    [Fact]
    public async Task SameTraceId_WrittenByTwoTenants_EachReadsOnlyItsOwn_ThroughEveryQueryApi()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var traceId = GatewayClient.NewTraceId();
        var a = new GatewayClient(factory, TestKeys.KeyA);
        var b = new GatewayClient(factory, TestKeys.KeyB);
        var startMs = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds() - 60_000;
        await PostAsync(a, traceId, startMs, $"a-{run}", spans: 2);
        await PostAsync(b, traceId, startMs, $"b-{run}", spans: 3);

        var ofA = await a.WaitForTraceAsync(traceId, minSpans: 2);
        var ofB = await b.WaitForTraceAsync(traceId, minSpans: 3);
        await a.WaitForStatsAsync(s => s.GetProperty("span_count").GetInt64() >= 2);
        await b.WaitForStatsAsync(s => s.GetProperty("span_count").GetInt64() >= 3);

        Assert.Equal(2, ofA.GetProperty("span_count").GetInt32());
        Assert.Equal(3, ofB.GetProperty("span_count").GetInt32());
        await AssertSeesOnlyAsync(a, traceId, startMs, own: $"a-{run}", other: $"b-{run}", spans: 2);
        await AssertSeesOnlyAsync(b, traceId, startMs, own: $"b-{run}", other: $"a-{run}", spans: 3);
    }

    private static async Task PostAsync(GatewayClient client, string traceId, long startMs, string service, int spans)
    {
        // Both tenants use span ids s0, s1…: a tenant cannot overwrite the other's spans either.
        var items = Enumerable.Range(0, spans).Select(i =>
            $$"""{"trace_id":"{{traceId}}","span_id":"s{{i}}",{{(i == 0 ? "" : "\"parent_span_id\":\"s0\",")}}"service":"{{service}}-{{(i == 0 ? "front" : "back")}}","operation":"{{service}}-op","start_unix_ms":{{startMs + i}},"duration_ms":5}""");
        using var response = await client.PostSpansAsync($$"""{"spans":[{{string.Join(",", items)}}]}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task AssertSeesOnlyAsync(GatewayClient client, string traceId, long startMs, string own, string other, int spans)
    {
        var endMs = startMs + 120_000;
        string[] paths =
        [
            $"/api/traces/{traceId}",
            $"/api/traces?from_unix_ms={startMs - 1}",
            "/api/stats",
            $"/api/dependencies?from_unix_ms={startMs - 1}&to_unix_ms={endMs}",
            $"/api/v2/trace/{traceId}",
            $"/api/v2/traceMany?traceIds={traceId},0123456789abcdef",
            $"/api/v2/traces?endTs={endMs}&lookback=600000",
            "/api/v2/services",
            $"/api/v2/spans?serviceName={own}-front",
            $"/api/v2/dependencies?endTs={endMs}&lookback=600000",
            $"/jaeger/api/traces/{traceId}",
            $"/jaeger/api/traces?traceID={traceId}",
            $"/jaeger/api/traces?service={own}-front&start={(startMs - 1) * 1000}&end={endMs * 1000}",
            "/jaeger/api/services",
            $"/jaeger/api/dependencies?endTs={endMs}&lookback=600000",
            $"/jaeger/api/v3/traces/{traceId}",
            "/jaeger/api/v3/services",
            $"/jaeger/api/v3/trace-summaries?query.service_name={own}-front&query.start_time_min={Rfc3339(startMs - 1)}&query.start_time_max={Rfc3339(endMs)}",
        ];
        foreach (var path in paths)
        {
            using var response = await client.Http.GetAsync(path, GatewayClient.Cancel);
            var body = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
            Assert.True(body.Contains(own, StringComparison.Ordinal), $"{path} does not show the tenant's own {own}: {body}");
            Assert.False(body.Contains(other, StringComparison.Ordinal), $"{path} shows the other tenant's {other}: {body}");
        }

        // A search by the other tenant's service finds nothing.
        var (_, theirs) = await client.GetJsonAsync($"/api/traces?service={other}-front&from_unix_ms={startMs - 1}");
        Assert.Equal(0, theirs.GetProperty("traces").GetArrayLength());
        var (_, jaegerTheirs) = await client.GetJsonAsync($"/jaeger/api/traces?service={other}-front&start={(startMs - 1) * 1000}&end={endMs * 1000}");
        Assert.Equal(0, jaegerTheirs.GetProperty("data").GetArrayLength());

        // Counts are the tenant's own: its spans in stats and the timeline, its one trace in the preview.
        var (_, stats) = await client.GetJsonAsync("/api/stats");
        Assert.Equal(spans, stats.GetProperty("span_count").GetInt64());
        var (_, timeline) = await client.GetJsonAsync("/api/stats/timeline");
        Assert.Equal(spans, timeline.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("span_count").GetInt64()));
        using var preview = await client.Http.PostAsync(
            "/api/sampling/preview",
            new StringContent("""{"policies":[{"name":"all","type":"always_sample"}]}""", System.Text.Encoding.UTF8, "application/json"),
            GatewayClient.Cancel);
        var evaluated = JsonDocument.Parse(await preview.Content.ReadAsStringAsync(GatewayClient.Cancel)).RootElement;
        Assert.Equal(1, evaluated.GetProperty("traces_evaluated").GetInt32());
    }

    private static string Rfc3339(long unixMs) =>
        Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}

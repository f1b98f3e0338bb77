using System.Net;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>
/// With ClickHouse as the store, two tenants (picked by <c>X-Scope-OrgID</c>, security off) write
/// the same trace id and span ids; each reads only its own rows through every query API.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class TenantIsolationWithClickHouseTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameTraceId_WrittenByTwoTenants_EachReadsOnlyItsOwnRows()
    {
        var options = TestDatabase.Options(server);
        using var factory = new ClickHouseGatewayFactory(options);
        var run = Guid.NewGuid().ToString("N")[..8];
        var traceId = Guid.NewGuid().ToString("N");
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        using var a = Client(factory, $"ch-a-{run}");
        using var b = Client(factory, $"ch-b-{run}");
        await PostAsync(a, traceId, startMs, $"a-{run}");
        await PostAsync(b, traceId, startMs, $"b-{run}");

        foreach (var client in new[] { a, b })
        {
            await Poll.UntilAsync(() => StatusOfAsync(client, $"/api/traces/{traceId}"), s => s == HttpStatusCode.OK, "each tenant's trace in ClickHouse");
        }

        await AssertSeesOnlyAsync(a, traceId, startMs, $"a-{run}", $"b-{run}");
        await AssertSeesOnlyAsync(b, traceId, startMs, $"b-{run}", $"a-{run}");
    }

    private static HttpClient Client(ClickHouseGatewayFactory factory, string tenant)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        return http;
    }

    private static async Task PostAsync(HttpClient http, string traceId, long startMs, string service)
    {
        using var response = await http.PostAsync(
            "/api/spans",
            new StringContent(
                $$"""
                {"spans":[
                  {"trace_id":"{{traceId}}","span_id":"s0","service":"{{service}}-front","operation":"{{service}}-op","start_unix_ms":{{startMs}},"duration_ms":5},
                  {"trace_id":"{{traceId}}","span_id":"s1","parent_span_id":"s0","service":"{{service}}-back","operation":"{{service}}-op","start_unix_ms":{{startMs + 1}},"duration_ms":3}]}
                """,
                System.Text.Encoding.UTF8,
                "application/json"),
            Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task AssertSeesOnlyAsync(HttpClient http, string traceId, long startMs, string own, string other)
    {
        var endMs = startMs + 120_000;
        string[] paths =
        [
            $"/api/traces/{traceId}",
            $"/api/traces?from_unix_ms={startMs - 1}",
            $"/api/stats?from_unix_ms={startMs - 1}&to_unix_ms={endMs}",
            $"/api/dependencies?from_unix_ms={startMs - 1}&to_unix_ms={endMs}",
            $"/api/v2/trace/{traceId}",
            $"/api/v2/traces?endTs={endMs}&lookback=600000",
            "/api/v2/services",
            $"/api/v2/dependencies?endTs={endMs}&lookback=600000",
            $"/jaeger/api/traces/{traceId}",
            "/jaeger/api/services",
            $"/jaeger/api/traces?service={own}-front&start={(startMs - 1) * 1000}&end={endMs * 1000}",
            $"/jaeger/api/v3/traces/{traceId}",
            "/jaeger/api/v3/services",
        ];
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
            Assert.True(body.Contains(own, StringComparison.Ordinal), $"{path} does not show the tenant's own {own}: {body}");
            Assert.False(body.Contains(other, StringComparison.Ordinal), $"{path} shows the other tenant's {other}: {body}");
        }
    }

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Cancel);
        return response.StatusCode;
    }
}

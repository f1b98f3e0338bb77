using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Gateway.Tests.Query;

[Collection(GatewayCollection.Name)]
public sealed class DependencyEndpointsTests(GatewayFactory factory)
{
    /// <summary>Milliseconds: a window no other test uses.</summary>
    private const long T = 1_910_000_000_000;

    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task GetDependencies_OfKnownSpans_GivesCallsErrorsAndChildSpanLatency_ByParentThenChild()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (front, back, cache, db) = ($"dep-{id}-front", $"dep-{id}-back", $"dep-{id}-cache", $"dep-{id}-db");
        var (t1, t2, t3) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{t1}}","span_id":"root","service":"{{front}}","operation":"GET /","start_unix_ms":{{T}},"duration_ms":100},
              {"trace_id":"{{t1}}","span_id":"cache","parent_span_id":"root","service":"{{cache}}","operation":"get","start_unix_ms":{{T + 1}},"duration_ms":10},
              {"trace_id":"{{t1}}","span_id":"client","parent_span_id":"root","service":"{{front}}","operation":"call back","start_unix_ms":{{T + 2}},"duration_ms":50},
              {"trace_id":"{{t1}}","span_id":"server","parent_span_id":"client","service":"{{back}}","operation":"serve","start_unix_ms":{{T + 3}},"duration_ms":40,"status":"error"},
              {"trace_id":"{{t1}}","span_id":"query","parent_span_id":"server","service":"{{db}}","operation":"SELECT","start_unix_ms":{{T + 4}},"duration_ms":7.5},
              {"trace_id":"{{t2}}","span_id":"root","service":"{{front}}","operation":"GET /","start_unix_ms":{{T + 1_000}},"duration_ms":100},
              {"trace_id":"{{t2}}","span_id":"server","parent_span_id":"root","service":"{{back}}","operation":"serve","start_unix_ms":{{T + 1_001}},"duration_ms":60},
              {"trace_id":"{{t3}}","span_id":"root","service":"{{front}}","operation":"GET /","start_unix_ms":{{T + 2_000}},"duration_ms":100},
              {"trace_id":"{{t3}}","span_id":"server","parent_span_id":"root","service":"{{back}}","operation":"serve","start_unix_ms":{{T + 2_001}},"duration_ms":20}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(t1, minSpans: 5);
        await client.WaitForTraceAsync(t2, minSpans: 2);
        await client.WaitForTraceAsync(t3, minSpans: 2);

        var (status, body) = await client.GetJsonAsync($"/api/dependencies?from_unix_ms={T}&to_unix_ms={T + 2_000}");
        var (_, withoutTheLast) = await client.GetJsonAsync($"/api/dependencies?from_unix_ms={T}&to_unix_ms={T + 1_999.5}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((T, T + 2_000), (body.GetProperty("from_unix_ms").GetInt64(), body.GetProperty("to_unix_ms").GetInt64()));
        var edges = Ours(body, id);
        Assert.Equal(
            ["parent", "child", "call_count", "error_count", "error_rate", "p50_ms", "p95_ms", "p99_ms"],
            edges[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([(back, db, 1, 0, 0.0), (front, back, 3, 1, 0.333333), (front, cache, 1, 0, 0.0)], edges.Select(Counts));
        AssertPercentiles(edges[0], 7.5, 7.5, 7.5);
        AssertPercentiles(edges[1], 40, 60, 60);
        AssertPercentiles(edges[2], 10, 10, 10);
        var callsToBack = Ours(withoutTheLast, id).Single(e => e.GetProperty("child").GetString() == back);
        Assert.Equal((front, back, 2, 1, 0.5), Counts(callsToBack));
        AssertPercentiles(callsToBack, 40, 60, 60);
    }

    [Fact]
    public async Task GetDependencies_WithoutAWindow_ReadsTheHourBeforeNow()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (front, recent, old) = ($"dep-{id}-front", $"dep-{id}-recent", $"dep-{id}-old");
        var (inside, outside) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        var now = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (halfHourAgo, twoHoursAgo) = (now - 1_800_000, now - 7_200_000);
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{inside}}","span_id":"root","service":"{{front}}","operation":"GET /","start_unix_ms":{{halfHourAgo}},"duration_ms":30},
              {"trace_id":"{{inside}}","span_id":"call","parent_span_id":"root","service":"{{recent}}","operation":"serve","start_unix_ms":{{halfHourAgo + 1}},"duration_ms":12},
              {"trace_id":"{{outside}}","span_id":"root","service":"{{front}}","operation":"GET /","start_unix_ms":{{twoHoursAgo}},"duration_ms":30},
              {"trace_id":"{{outside}}","span_id":"call","parent_span_id":"root","service":"{{old}}","operation":"serve","start_unix_ms":{{twoHoursAgo + 1}},"duration_ms":12}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(inside, minSpans: 2);
        await client.WaitForTraceAsync(outside, minSpans: 2);

        var end = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (status, body) = await client.GetJsonAsync("/api/dependencies");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((end - 3_600_000, end), (body.GetProperty("from_unix_ms").GetInt64(), body.GetProperty("to_unix_ms").GetInt64()));
        Assert.Equal([recent], Ours(body, id).Select(e => e.GetProperty("child").GetString()));
        var all = body.GetProperty("dependencies").EnumerateArray().Select(e => (e.GetProperty("parent").GetString()!, e.GetProperty("child").GetString()!)).ToList();
        Assert.Equal(all.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal), all);
    }

    [Theory]
    [InlineData("from_unix_ms=yesterday", "from_unix_ms")]
    [InlineData("to_unix_ms=-5", "to_unix_ms")]
    [InlineData("to_unix_ms=1e300", "to_unix_ms")]
    [InlineData("from_unix_ms=1&from_unix_ms=2", "from_unix_ms")]
    [InlineData("from_unix_ms=2000&to_unix_ms=1000", "from_unix_ms")]
    public async Task GetDependencies_WithABadParameter_Gets400NamingIt(string query, string parameter)
    {
        var (status, body) = await client.GetJsonAsync($"/api/dependencies?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>This test's edges (its services share a unique prefix), in the order served.</summary>
    private static List<JsonElement> Ours(JsonElement body, string id) =>
        [.. body.GetProperty("dependencies").EnumerateArray().Where(e => e.GetProperty("parent").GetString()!.StartsWith($"dep-{id}-", StringComparison.Ordinal))];

    private static (string, string, int, int, double) Counts(JsonElement edge) =>
    (
        edge.GetProperty("parent").GetString()!,
        edge.GetProperty("child").GetString()!,
        edge.GetProperty("call_count").GetInt32(),
        edge.GetProperty("error_count").GetInt32(),
        edge.GetProperty("error_rate").GetDouble()
    );

    /// <summary>p50, p95 and p99 within the latency histogram's accuracy of the exact nearest-rank values.</summary>
    private static void AssertPercentiles(JsonElement edge, double p50, double p95, double p99)
    {
        foreach (var (name, expected) in new[] { ("p50_ms", p50), ("p95_ms", p95), ("p99_ms", p99) })
        {
            var actual = edge.GetProperty(name).GetDouble();
            Assert.True(
                Math.Abs(actual - expected) <= (expected * LatencyHistogram.RelativeAccuracy) + 0.001,
                string.Create(CultureInfo.InvariantCulture, $"{name} {actual}, expected {expected} within {LatencyHistogram.RelativeAccuracy:P0}"));
        }
    }
}

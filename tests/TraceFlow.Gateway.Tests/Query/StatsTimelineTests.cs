using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Query;

/// <summary>
/// Histograms, the covered time and the timeline after known spans, on a gateway of its own, so
/// no other test's spans are counted and every number is exact.
/// </summary>
public sealed class StatsTimelineTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task StatsAndTimeline_AfterKnownSpans_CountThemExactly()
    {
        var clockStart = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (first, second) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{first}}","span_id":"a","service":"shop","operation":"get","start_unix_ms":1767225600000,"duration_ms":120,"status":"ok"},
              {"trace_id":"{{first}}","span_id":"b","parent_span_id":"a","service":"db","operation":"select","start_unix_ms":1767225600010,"duration_ms":20,"status":"error"},
              {"trace_id":"{{second}}","span_id":"a","service":"shop","operation":"put","start_unix_ms":1767225600000,"duration_ms":300,"status":"ok"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var stats = await client.WaitForStatsAsync(s => s.GetProperty("trace_count").GetInt64() == 2);

        Assert.Equal(3, stats.GetProperty("span_count").GetInt64());
        Assert.Equal([0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000], Doubles(stats, "histogram_bounds_ms"));
        Assert.InRange(stats.GetProperty("from_unix_ms").GetDouble(), clockStart, stats.GetProperty("to_unix_ms").GetDouble());
        Assert.Equal(factory.Clock.GetUtcNow().ToUnixTimeMilliseconds(), stats.GetProperty("to_unix_ms").GetDouble());
        Assert.Equal(Bins((10, 1), (11, 1)), Histogram(stats, "per_service", "shop"));
        Assert.Equal(Bins((7, 1)), Histogram(stats, "per_service", "db"));
        Assert.Equal(Bins((10, 1)), Histogram(stats, "per_operation", "shop", "get"));
        Assert.Equal(Bins((11, 1)), Histogram(stats, "per_operation", "shop", "put"));

        // One step of an hour holds all of it: spans count when they arrive, traces when decided.
        var hourStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var (status, timeline) = await client.GetJsonAsync(Invariant($"/api/stats/timeline?from_unix_ms={hourStart}&to_unix_ms={hourStart + 1}&step_s=3600"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3600, timeline.GetProperty("step_s").GetInt64());
        Assert.Equal(hourStart, timeline.GetProperty("from_unix_ms").GetDouble());
        Assert.Equal(hourStart + 3_600_000, timeline.GetProperty("to_unix_ms").GetDouble());
        var point = Assert.Single(timeline.GetProperty("points").EnumerateArray());
        Assert.Equal(hourStart, point.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal((2, 3, 1), (point.GetProperty("trace_count").GetInt64(), point.GetProperty("span_count").GetInt64(), point.GetProperty("error_span_count").GetInt64()));
        Assert.InRange(point.GetProperty("p50_ms").GetDouble(), 118.8, 121.2);
        Assert.InRange(point.GetProperty("p95_ms").GetDouble(), 297, 303);
        Assert.InRange(point.GetProperty("p99_ms").GetDouble(), 297, 303);
    }

    [Fact]
    public async Task Timeline_ByDefault_HasTenSecondStepsOverTheLast15Minutes_WithEmptyStepsAsZeros()
    {
        var (status, timeline) = await client.GetJsonAsync("/api/stats/timeline");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, timeline.GetProperty("step_s").GetInt64());
        var points = timeline.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(91, points.Count);
        var from = timeline.GetProperty("from_unix_ms").GetDouble();
        Assert.Equal(Enumerable.Range(0, 91).Select(i => from + (i * 10_000.0)), points.Select(p => p.GetProperty("start_unix_ms").GetDouble()));
        Assert.Equal(from + 910_000, timeline.GetProperty("to_unix_ms").GetDouble());
        var now = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.InRange(now, from + 900_000, from + 910_000 - 1);
        foreach (var field in new[] { "trace_count", "span_count", "error_span_count", "p50_ms", "p95_ms", "p99_ms" })
        {
            Assert.All(points, p => Assert.Equal(JsonValueKind.Number, p.GetProperty(field).ValueKind));
        }
    }

    [Theory]
    [InlineData("step_s=0", "step_s")]
    [InlineData("from_unix_ms=0&to_unix_ms=100000000&step_s=10", "step_s")]
    [InlineData("from_unix_ms=5000&to_unix_ms=1000", "from_unix_ms")]
    public async Task Timeline_WithABadQuery_Gets400ProblemNamingTheParameter(string query, string parameter)
    {
        var (status, body) = await client.GetJsonAsync($"/api/stats/timeline?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static long[] Bins(params (int Bin, long Count)[] counts)
    {
        var bins = new long[18];
        foreach (var (bin, count) in counts)
        {
            bins[bin] = count;
        }

        return bins;
    }

    private static long[] Histogram(JsonElement stats, string list, string service, string? operation = null) =>
        [.. stats.GetProperty(list).EnumerateArray()
            .Single(e => e.GetProperty("service").GetString() == service && (operation is null || e.GetProperty("operation").GetString() == operation))
            .GetProperty("histogram").EnumerateArray().Select(c => c.GetInt64())];

    private static double[] Doubles(JsonElement body, string property) => [.. body.GetProperty(property).EnumerateArray().Select(v => v.GetDouble())];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Query;

[Collection(GatewayCollection.Name)]
public sealed class QueryEndpointsTests(GatewayFactory factory)
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task FindTraces_ReturnsSummariesNewestFirst_AndAppliesEveryFilter()
    {
        var service = $"search-{Guid.NewGuid():N}";
        var (fast, slow, failed) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        using var response = await client.PostSpansAsync($$$"""
            {"spans":[
              {"trace_id":"{{{fast}}}","span_id":"a","service":"{{{service}}}","operation":"list","start_unix_ms":1710000001000,"duration_ms":5,"status":"ok","attributes":{"region":"eu"}},
              {"trace_id":"{{{slow}}}","span_id":"a","service":"{{{service}}}","operation":"report","start_unix_ms":1710000002000,"duration_ms":900,"status":"ok"},
              {"trace_id":"{{{failed}}}","span_id":"a","service":"{{{service}}}","operation":"list","start_unix_ms":1710000003000,"duration_ms":50,"status":"error"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        foreach (var id in new[] { fast, slow, failed })
        {
            await client.WaitForTraceAsync(id);
        }

        Assert.Equal([failed, slow, fast], await Ids($"service={service}"));
        Assert.Equal([failed, fast], await Ids($"service={service}&operation=list"));
        Assert.Equal([slow], await Ids($"service={service}&min_duration_ms=100"));
        Assert.Equal([failed, fast], await Ids($"service={service}&max_duration_ms=100"));
        Assert.Equal([failed], await Ids($"service={service}&status=error"));
        Assert.Equal([slow, fast], await Ids($"service={service}&status=ok"));
        Assert.Equal([fast], await Ids($"service={service}&tag=region%3Deu"));
        Assert.Equal([failed], await Ids($"service={service}&limit=1"));
        Assert.Equal([slow, fast], await Ids($"service={service}&to_unix_ms=1710000002500"));
        Assert.Equal([failed], await Ids($"service={service}&from_unix_ms=1710000002500"));

        var (_, body) = await client.GetJsonAsync($"/api/traces?service={service}&limit=1");
        var summary = body.GetProperty("traces")[0];
        Assert.Equal(failed, summary.GetProperty("trace_id").GetString());
        Assert.Equal(service, summary.GetProperty("root_service").GetString());
        Assert.Equal("list", summary.GetProperty("root_operation").GetString());
        Assert.Equal(1710000003000, summary.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(50, summary.GetProperty("duration_ms").GetDouble());
        Assert.Equal(1, summary.GetProperty("span_count").GetInt32());
        Assert.Equal([service], summary.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.True(summary.GetProperty("has_error").GetBoolean());
        Assert.Equal("always_sample", summary.GetProperty("sampling_policy").GetString());
    }

    [Theory]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=1e9", "limit")]
    [InlineData("limit=5000", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("min_duration_ms=abc", "min_duration_ms")]
    [InlineData("max_duration_ms=-3", "max_duration_ms")]
    [InlineData("from_unix_ms=yesterday", "from_unix_ms")]
    [InlineData("status=weird", "status")]
    [InlineData("tag=novalue", "tag")]
    [InlineData("min_duration_ms=10&max_duration_ms=5", "min_duration_ms")]
    [InlineData("service=a&service=b", "service")]
    public async Task FindTraces_WithABadParameter_Gets400NamingIt(string query, string parameter)
    {
        var (status, body) = await client.GetJsonAsync($"/api/traces?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindTraces_WithAnOverlongFilter_Gets400()
    {
        var (status, body) = await client.GetJsonAsync($"/api/traces?service={new string('x', 10_000)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindTraces_WithAnInjectionAttempt_MatchesNothing()
    {
        var (status, body) = await client.GetJsonAsync("/api/traces?service=%27%20OR%201%3D1%20--");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("traces").GetArrayLength());
    }

    [Fact]
    public async Task GetTrace_UnknownId_Gets404WithAJsonError()
    {
        var id = GatewayClient.NewTraceId();

        var (status, body) = await client.GetJsonAsync($"/api/traces/{id}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Trace not found", body.GetProperty("title").GetString());
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Equal(id, body.GetProperty("requested_trace_id").GetString());
    }

    [Fact]
    public async Task GetTrace_UppercaseW3CId_FindsTheLowercasedTrace()
    {
        var id = GatewayClient.NewTraceId();
        using var response = await client.PostSpansAsync($$"""{"spans":[{"trace_id":"{{id.ToUpperInvariant()}}","span_id":"s","service":"case","operation":"o","start_unix_ms":1710000000000,"duration_ms":1}]}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await client.WaitForTraceAsync(id);
        var (status, body) = await client.GetJsonAsync($"/api/traces/{id.ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, body.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task GetTrace_MalformedId_Gets400NamingTraceId()
    {
        var (status, body) = await client.GetJsonAsync("/api/traces/%3Cscript%3E");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("trace_id", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStats_HasTheSeedFields_AndPerServiceAndPerOperationBreakdowns()
    {
        var service = $"stats-{Guid.NewGuid():N}";
        var id = GatewayClient.NewTraceId();
        using var response = await client.PostSpansAsync($$"""
            {"spans":[
              {"trace_id":"{{id}}","span_id":"a","service":"{{service}}","operation":"get","start_unix_ms":1710000000000,"duration_ms":100,"status":"ok"},
              {"trace_id":"{{id}}","span_id":"b","parent_span_id":"a","service":"{{service}}","operation":"get","start_unix_ms":1710000000010,"duration_ms":20,"status":"error"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Span counts arrive when the spans do, the trace count once the trace is decided (after the decision wait).
        var stats = await client.WaitForStatsAsync(s =>
            s.GetProperty("per_service").EnumerateArray().Any(e => e.GetProperty("service").GetString() == service) && s.GetProperty("kept_trace_count").GetInt64() >= 1);

        foreach (var field in new[] { "trace_count", "span_count", "service_count" })
        {
            Assert.True(stats.GetProperty(field).GetInt64() >= 1, field);
        }

        foreach (var field in new[] { "p50_ms", "p95_ms", "p99_ms" })
        {
            Assert.Equal(JsonValueKind.Number, stats.GetProperty(field).ValueKind);
        }

        Assert.Contains(service, stats.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(stats.GetProperty("services").GetArrayLength(), stats.GetProperty("service_count").GetInt32());
        Assert.True(stats.GetProperty("kept_trace_count").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Number, stats.GetProperty("dropped_trace_count").ValueKind);

        var perService = stats.GetProperty("per_service").EnumerateArray().Single(e => e.GetProperty("service").GetString() == service);
        Assert.Equal(2, perService.GetProperty("span_count").GetInt64());
        Assert.Equal(1, perService.GetProperty("error_count").GetInt64());
        Assert.Equal(0.5, perService.GetProperty("error_rate").GetDouble());
        Assert.InRange(perService.GetProperty("p99_ms").GetDouble(), 99, 101);
        Assert.InRange(perService.GetProperty("p50_ms").GetDouble(), 19.8, 20.2);

        Assert.Equal(2, perService.GetProperty("histogram").EnumerateArray().Sum(c => c.GetInt64()));

        var perOperation = stats.GetProperty("per_operation").EnumerateArray().Single(e => e.GetProperty("service").GetString() == service);
        Assert.Equal("get", perOperation.GetProperty("operation").GetString());
        Assert.Equal(2, perOperation.GetProperty("span_count").GetInt64());
        Assert.Equal(stats.GetProperty("histogram_bounds_ms").GetArrayLength() + 1, perOperation.GetProperty("histogram").GetArrayLength());
    }

    [Theory]
    [InlineData("from_unix_ms=yesterday", "from_unix_ms")]
    [InlineData("to_unix_ms=-5", "to_unix_ms")]
    [InlineData("from_unix_ms=1&from_unix_ms=2", "from_unix_ms")]
    [InlineData("to_unix_ms=%27%20OR%201%3D1%20--", "to_unix_ms")]
    public async Task GetStats_WithABadRange_Gets400NamingIt(string query, string parameter)
    {
        var (status, body) = await client.GetJsonAsync($"/api/stats?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStats_WithARange_InMemoryMode_StillAnswersTheRunningTotals()
    {
        var (status, body) = await client.GetJsonAsync("/api/stats?from_unix_ms=1710000000000&to_unix_ms=1710000000001");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Number, body.GetProperty("trace_count").ValueKind);
    }

    private async Task<string[]> Ids(string query)
    {
        var (status, body) = await client.GetJsonAsync($"/api/traces?{query}");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("trace_id").GetString()!)];
    }
}

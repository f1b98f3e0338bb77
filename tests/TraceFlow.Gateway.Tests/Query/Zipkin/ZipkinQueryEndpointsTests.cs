using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Query.Zipkin;

/// <summary>
/// Zipkin's v2 query API, checked against zipkin2-api.yaml and Zipkin's server: paths,
/// parameters, JSON shapes (names, types, left-out fields), status codes and Cache-Control.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ZipkinQueryEndpointsTests(GatewayFactory factory)
{
    private const string NamesCacheControl = "max-age=300, must-revalidate";

    private readonly ZipkinClient client = new(factory);

    [Fact]
    public async Task Services_IsASortedListOfNames_CacheableOverThree()
    {
        var prefix = Unique("svc");
        var traceId = ZipkinClient.NewTraceId64();
        string[] suffixes = ["d", "b", "a", "c"];
        var spans = suffixes.Select((suffix, i) => Span(traceId, $"{prefix}-{suffix}", "op", 1_700_000_000_000_000 + i));
        await PostAndWaitAsync(spans, traceId, minSpans: 4);

        var response = await client.GetAsync("/api/v2/services");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(NamesCacheControl, response.CacheControl);
        var names = Strings(response.Json);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c", $"{prefix}-d"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SpanNames_OfAService_AreSortedAndDistinct_CacheableOnlyOverThree()
    {
        var (few, many) = (Unique("few"), Unique("many"));
        var traceId = ZipkinClient.NewTraceId64();
        string[] fewNames = ["get /c", "get /a", "get /b", "get /a"];
        string[] manyNames = ["w", "x", "y", "z"];
        var spans = fewNames.Select((name, i) => Span(traceId, few, name, 1_700_000_000_000_000 + i))
            .Concat(manyNames.Select((name, i) => Span(traceId, many, name, 1_700_000_000_000_010 + i)));
        await PostAndWaitAsync(spans, traceId, minSpans: 8);

        var three = await client.GetAsync($"/api/v2/spans?serviceName={few}");
        var four = await client.GetAsync($"/api/v2/spans?serviceName={many}");
        var none = await client.GetAsync($"/api/v2/spans?serviceName={Unique("absent")}");

        Assert.Equal("""["get /a","get /b","get /c"]""", three.Body);
        Assert.Null(three.CacheControl);
        Assert.Equal("""["w","x","y","z"]""", four.Body);
        Assert.Equal(NamesCacheControl, four.CacheControl);
        Assert.Equal("[]", none.Body);
        Assert.Equal("application/json", none.ContentType);
    }

    [Fact]
    public async Task RemoteServices_AreTheServicesAServiceCalls()
    {
        var service = Unique("caller");
        var traceId = ZipkinClient.NewTraceId64();
        await PostAndWaitAsync(
            [
                Span(traceId, service, "query", 1_700_000_000_000_000, """ "kind":"CLIENT","remoteEndpoint":{"serviceName":"mysql"} """),
                Span(traceId, service, "get", 1_700_000_000_000_001, """ "kind":"CLIENT","remoteEndpoint":{"serviceName":"cache","ipv4":"10.0.0.9"} """),
                Span(traceId, service, "local", 1_700_000_000_000_002),
            ],
            traceId,
            minSpans: 3);

        var response = await client.GetAsync($"/api/v2/remoteServices?serviceName={service}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""["cache","mysql"]""", response.Body);
        Assert.Null(response.CacheControl);
    }

    [Theory]
    [InlineData("/api/v2/spans", "serviceName is required")]
    [InlineData("/api/v2/spans?serviceName=", "serviceName is required")]
    [InlineData("/api/v2/remoteServices", "serviceName is required")]
    [InlineData("/api/v2/autocompleteValues", "key is required")]
    [InlineData("/api/v2/dependencies", "endTs is required")]
    [InlineData("/api/v2/dependencies?endTs=yesterday", "endTs must be a positive integer of milliseconds")]
    [InlineData("/api/v2/dependencies?endTs=1700000000000&lookback=0", "lookback must be a positive integer of milliseconds")]
    [InlineData("/api/v2/traces?minDuration=0", "minDuration must be a positive integer of microseconds")]
    [InlineData("/api/v2/traces?minDuration=abc", "minDuration must be a positive integer of microseconds")]
    [InlineData("/api/v2/traces?maxDuration=5", "maxDuration is only valid with minDuration")]
    [InlineData("/api/v2/traces?minDuration=10&maxDuration=5", "maxDuration must not be less than minDuration")]
    [InlineData("/api/v2/traces?endTs=0", "endTs must be a positive integer of milliseconds")]
    [InlineData("/api/v2/traces?endTs=9223372036855", "endTs must be a positive integer of milliseconds")]
    [InlineData("/api/v2/traces?lookback=-1", "lookback must be a positive integer of milliseconds")]
    [InlineData("/api/v2/traces?limit=0", "limit must be a positive integer of traces")]
    [InlineData("/api/v2/traces?limit=ten", "limit must be a positive integer of traces")]
    [InlineData("/api/v2/trace/not!hex", "traceId may only contain")]
    [InlineData("/api/v2/traceMany", "traceIds is required")]
    [InlineData("/api/v2/traceMany?traceIds=5af7183fb1d4cf5f", "traceIds must list at least two trace ids")]
    [InlineData("/api/v2/traceMany?traceIds=5af7183fb1d4cf5f,,352bff9a74ca9ad2", "traceIds must not be empty")]
    [InlineData("/api/v2/traceMany?traceIds=5af7183fb1d4cf5f,00000000000000005AF7183FB1D4CF5F", "traceIds lists 00000000000000005af7183fb1d4cf5f more than once")]
    public async Task Endpoints_WithABadParameter_Get400PlainTextNamingIt(string path, string message)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("text/plain", response.ContentType);
        Assert.StartsWith(message, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_WithAnOverlongName_Gets400()
    {
        var response = await client.GetAsync($"/api/v2/traces?serviceName={new string('s', 2_000)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("serviceName must be at most 1024 characters", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_MatchEveryFilter_AcrossSpansOfTheService_NewestFirst()
    {
        var (service, other) = (Unique("search"), Unique("search-other"));
        const long T = 1_800_000_000_000_000; // µs, 2027-01-15
        var (t1, t2, t3) = (ZipkinClient.NewTraceId128(), ZipkinClient.NewTraceId64(), ZipkinClient.NewTraceId128());
        var (root1, root2) = (ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId());
        await PostAndWaitAsync(
            [
                Span(t1, service, "get /a", T, """ "id":"ROOT","kind":"SERVER","duration":10000,"tags":{"http.method":"GET"},"annotations":[{"timestamp":1800000000000500,"value":"cache.miss"}] """.Replace("ROOT", root1, StringComparison.Ordinal)),
                Span(t1, service, "select", T + 100, $$""" "parentId":"{{root1}}","kind":"CLIENT","duration":5000,"remoteEndpoint":{"serviceName":"db"},"tags":{"db.system":"mysql"} """),
                Span(t1, other, "handle", T + 200, $$""" "parentId":"{{root1}}","kind":"SERVER","duration":1000,"tags":{"other.tag":"x"} """),
                Span(t2, service, "get /b", T + 1_000_000, """ "id":"ROOT","kind":"SERVER","duration":200000,"tags":{"http.method":"POST","error":"boom"} """.Replace("ROOT", root2, StringComparison.Ordinal)),
                Span(t3, other, "handle", T + 2_000_000, """ "duration":100 """),
            ],
            [t1, t2, t3]);
        var window = $"endTs={(T / 1000) + 10_000}&lookback=60000";

        async Task<List<string>> Ids(string filters)
        {
            var traces = await client.GetJsonAsync($"/api/v2/traces?{window}&{filters}");
            return [.. traces.EnumerateArray().Select(t => t[0].GetProperty("traceId").GetString()!)];
        }

        Assert.Equal([t2, t1], await Ids($"serviceName={service}"));
        Assert.Equal([t1], await Ids($"serviceName={service}&spanName=get%20%2Fa"));
        Assert.Equal([t2, t1], await Ids($"serviceName={service}&spanName=all"));
        Assert.Equal([t1], await Ids($"serviceName={service}&remoteServiceName=db"));
        Assert.Equal([t1], await Ids($"serviceName={service}&annotationQuery=http.method%3DGET"));
        Assert.Equal([t1], await Ids($"serviceName={service}&annotationQuery=cache.miss"));
        Assert.Equal([t2, t1], await Ids($"serviceName={service}&annotationQuery=http.method"));
        Assert.Equal([t2], await Ids($"serviceName={service}&annotationQuery=error"));
        Assert.Equal([t2], await Ids($"serviceName={service}&annotationQuery=otel.status_code%3DERROR"));

        // Terms, the span name and the remote service may each be met by a different span of the service.
        Assert.Equal([t1], await Ids($"serviceName={service}&spanName=get%20%2Fa&remoteServiceName=db&annotationQuery=http.method%3DGET%20and%20db.system%3Dmysql%20and%20cache.miss"));
        Assert.Empty(await Ids($"serviceName={service}&annotationQuery=http.method%3DPOST%20and%20cache.miss"));

        // ...but only spans of the service count.
        Assert.Empty(await Ids($"serviceName={service}&annotationQuery=other.tag%3Dx"));
        Assert.Equal([t1], await Ids("annotationQuery=other.tag%3Dx"));
        Assert.Equal([t3, t1], await Ids($"serviceName={other}"));

        Assert.Equal([t2], await Ids($"serviceName={service}&minDuration=100000"));
        Assert.Equal([t1], await Ids($"serviceName={service}&minDuration=1&maxDuration=50000"));
        Assert.Equal([t2], await Ids($"serviceName={service}&limit=1"));
        var early = await client.GetJsonAsync($"/api/v2/traces?serviceName={service}&endTs={(T / 1000) + 500}&lookback=1000");
        Assert.Equal([t1], early.EnumerateArray().Select(t => t[0].GetProperty("traceId").GetString()));

        // The whole trace comes back, each span in Zipkin's shape.
        var first = (await client.GetJsonAsync($"/api/v2/traces?{window}&serviceName={service}&limit=1"))[0];
        Assert.Equal(JsonValueKind.Array, first.ValueKind);
        var span = Assert.Single(first.EnumerateArray());
        Assert.Equal(t2, span.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Number, span.GetProperty("timestamp").ValueKind);
        Assert.Equal(T + 1_000_000, span.GetProperty("timestamp").GetInt64());
        Assert.Equal(200_000, span.GetProperty("duration").GetInt64());
        Assert.Equal("SERVER", span.GetProperty("kind").GetString());
        Assert.Equal(
            new Dictionary<string, string> { ["error"] = "boom", ["http.method"] = "POST", ["otel.status_code"] = "ERROR" },
            span.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
    }

    [Fact]
    public async Task Traces_WithoutTimes_LookBackOneDayFromNow_AndReturnTen()
    {
        var service = Unique("recent");
        var now = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        var recent = Enumerable.Range(0, 12).Select(_ => ZipkinClient.NewTraceId128()).ToList();
        var old = ZipkinClient.NewTraceId128();
        var spans = recent.Select((id, i) => Span(id, service, "op", now - 60_000_000 - i))
            .Append(Span(old, service, "op", now - (2L * 86_400_000_000)));
        await PostAndWaitAsync(spans, [.. recent, old]);

        var defaults = await client.GetJsonAsync($"/api/v2/traces?serviceName={service}");
        var wide = await client.GetJsonAsync($"/api/v2/traces?serviceName={service}&lookback={3 * 86_400_000}&limit=20");

        Assert.Equal(recent.Take(10), defaults.EnumerateArray().Select(t => t[0].GetProperty("traceId").GetString()));
        Assert.Equal(13, wide.GetArrayLength());
        Assert.Equal(old, wide[12][0].GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Trace_ById_AcceptsSixteenOrThirtyTwoHexInAnyCase_AndPrintsSixteen()
    {
        var traceId = ZipkinClient.NewTraceId64();
        await PostAndWaitAsync([Span(traceId, Unique("byid"), "op", 1_700_000_000_000_000)], traceId);

        foreach (var asked in new[] { traceId, traceId.ToUpperInvariant(), ZipkinClient.StoredId(traceId) })
        {
            var response = await client.GetAsync($"/api/v2/trace/{asked}");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Equal("application/json", response.ContentType);
            Assert.Equal(traceId, Assert.Single(response.Json.EnumerateArray()).GetProperty("traceId").GetString());
        }
    }

    [Fact]
    public async Task Trace_Unknown_Gets404PlainText()
    {
        var traceId = ZipkinClient.NewTraceId128();

        var response = await client.GetAsync($"/api/v2/trace/{traceId.ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("text/plain", response.ContentType);
        Assert.Equal($"{traceId} not found", response.Body);
    }

    [Fact]
    public async Task Trace_OfTheTraceFlowJsonApi_PrintsItsIdsAsStored_WithStatusEventsAndAttributesAsTags()
    {
        var traceId = $"trace-{Guid.NewGuid():N}";
        var service = Unique("native");
        using var posted = await client.Gateway.PostSpansAsync($$$"""
            {"spans":[
              {"trace_id":"{{{traceId}}}","span_id":"root","service":"{{{service}}}","operation":"checkout","start_unix_ms":1700000000000,"duration_ms":12.5,"status":"ok","kind":"server",
               "attributes":{"http.route":"/checkout"}},
              {"trace_id":"{{{traceId}}}","span_id":"work","parent_span_id":"root","service":"{{{service}}}","operation":"compute","start_unix_ms":1700000000001,"duration_ms":0.0004,"status":"error",
               "status_message":"out of stock","kind":"internal","events":[{"name":"exception","time_unix_ms":1700000000001.25,"attributes":{"exception.type":"X"}}]}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await client.Gateway.WaitForTraceAsync(traceId, minSpans: 2);

        var response = await client.GetAsync($"/api/v2/trace/{traceId}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(
            $$$"""[{"traceId":"{{{traceId}}}","id":"root","kind":"SERVER","name":"checkout","timestamp":1700000000000000,"duration":12500,"localEndpoint":{"serviceName":"{{{service}}}"},"tags":{"http.route":"/checkout","otel.status_code":"OK"}},"""
            + $$$"""{"traceId":"{{{traceId}}}","parentId":"root","id":"work","name":"compute","timestamp":1700000000001000,"duration":1,"localEndpoint":{"serviceName":"{{{service}}}"},"annotations":[{"timestamp":1700000000001250,"value":"exception"}],"tags":{"error":"out of stock","otel.status_code":"ERROR"}}]""",
            response.Body);
    }

    [Fact]
    public async Task TraceMany_ReturnsTheStoredOnesOfTheIds_AsAListOfTraces()
    {
        var (a, b) = (ZipkinClient.NewTraceId64(), ZipkinClient.NewTraceId128());
        var service = Unique("many");
        await PostAndWaitAsync([Span(a, service, "a", 1_700_000_000_000_000), Span(b, service, "b", 1_700_000_000_000_001)], [a, b]);

        var response = await client.GetAsync($"/api/v2/traceMany?traceIds={a},{b},{ZipkinClient.NewTraceId128()}");
        var unknown = await client.GetAsync($"/api/v2/traceMany?traceIds={ZipkinClient.NewTraceId64()},{ZipkinClient.NewTraceId128()}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        var ids = response.Json.EnumerateArray().Select(trace => Assert.Single(trace.EnumerateArray()).GetProperty("traceId").GetString()!);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal("[]", unknown.Body);
    }

    [Fact]
    public async Task Dependencies_SumCallsBetweenServicesInTheWindow_WithErrorCountOnlyWhenNonZero()
    {
        var (front, back, cache) = (Unique("dep-front"), Unique("dep-back"), Unique("dep-cache"));
        const long T = 1_900_000_000_000_000; // µs: a window no other test uses
        var (t1, t2) = (ZipkinClient.NewTraceId128(), ZipkinClient.NewTraceId128());
        var (r1, c1, r2, c2) = (ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId(), ZipkinClient.NewSpanId());
        await PostAndWaitAsync(
            [
                Span(t1, front, "get", T, $$""" "id":"{{r1}}","kind":"SERVER","duration":100 """),
                Span(t1, front, "call", T + 1, $$""" "id":"{{c1}}","parentId":"{{r1}}","kind":"CLIENT","duration":50 """),
                Span(t1, back, "serve", T + 2, $$""" "parentId":"{{c1}}","kind":"SERVER","duration":40,"tags":{"error":"500"} """),
                Span(t2, front, "get", T + 1000, $$""" "id":"{{r2}}","kind":"SERVER","duration":100 """),
                Span(t2, front, "call", T + 1001, $$""" "id":"{{c2}}","parentId":"{{r2}}","kind":"CLIENT","duration":50 """),
                Span(t2, back, "serve", T + 1002, $$""" "parentId":"{{c2}}","kind":"SERVER","duration":40 """),
                Span(t2, cache, "lookup", T + 1003, $$""" "parentId":"{{r2}}","kind":"SERVER","duration":10 """),
            ],
            [t1, t2]);

        var response = await client.GetAsync($"/api/v2/dependencies?endTs={(T / 1000) + 1}&lookback=10");
        var before = await client.GetAsync($"/api/v2/dependencies?endTs={(T / 1000) - 1}&lookback=10");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        var expected = new[]
        {
            $$"""{"parent":"{{front}}","child":"{{back}}","callCount":2,"errorCount":1}""",
            $$"""{"parent":"{{front}}","child":"{{cache}}","callCount":1}""",
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), response.Json.EnumerateArray().Select(l => l.GetRawText()).Order(StringComparer.Ordinal));
        Assert.Equal("[]", before.Body);
    }

    [Fact]
    public async Task AutocompleteKeys_ByDefault_AreTheEnvironmentRouteAndMethod()
    {
        var response = await client.GetAsync("/api/v2/autocompleteKeys");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""["deployment.environment.name","environment","http.request.method","http.route"]""", response.Body);
        Assert.Equal(NamesCacheControl, response.CacheControl);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>A JSON v2 span with a fresh id unless <paramref name="extra"/> sets one.</summary>
    private static string Span(string traceId, string service, string name, long timestamp, string extra = "")
    {
        var id = extra.Contains("\"id\"", StringComparison.Ordinal) ? "" : $"\"id\":\"{ZipkinClient.NewSpanId()}\",";
        var more = string.IsNullOrWhiteSpace(extra) ? "" : "," + extra.Trim();
        return string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"traceId":"{{traceId}}",{{id}}"name":"{{name}}","timestamp":{{timestamp}},"localEndpoint":{"serviceName":"{{service}}"}{{more}}}""");
    }

    private Task PostAndWaitAsync(IEnumerable<string> spans, string traceId, int minSpans = 1) => PostAndWaitAsync(spans, [traceId], minSpans);

    private async Task PostAndWaitAsync(IEnumerable<string> spans, IReadOnlyList<string> traceIds, int minSpans = 1)
    {
        using var response = await client.PostJsonAsync($"[{string.Join(',', spans)}]");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        foreach (var traceId in traceIds)
        {
            await client.WaitForTraceAsync(traceId, minSpans);
        }
    }
}

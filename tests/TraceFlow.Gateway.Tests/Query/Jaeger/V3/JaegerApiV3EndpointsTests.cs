using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Gateway.Tests.Query.Jaeger.JaegerTestData;

namespace TraceFlow.Gateway.Tests.Query.Jaeger.V3;

/// <summary>Jaeger's api_v3 HTTP gateway under /jaeger/api/v3, checked against apiv3/http_gateway.go, its snapshots and OTLP JSON.</summary>
[Collection(GatewayCollection.Name)]
public sealed class JaegerApiV3EndpointsTests(GatewayFactory factory)
{
    private const long Start = 1_700_000_000_000_000_000;
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task GetTrace_TypedSpans_AreOtlpJsonGroupedByResourceThenScope()
    {
        var traceId = GatewayClient.NewTraceId();
        var linkedTrace = GatewayClient.NewTraceId();
        var (checkout, inventory) = (NewService("checkout"), NewService("inventory"));
        var resource = new[] { Text("service.name", checkout), Text("host.name", "h1") };
        await StoreAsync(factory, Trace(
            traceId,
            Span(traceId, "a000000000000001", checkout, "POST /pay", Start, 5 * NanosPerMilli,
                kind: SpanKind.Server,
                status: SpanStatusCode.Error,
                statusMessage: "boom",
                traceState: "vendor=abc",
                scope: new SpanScope { Name = "lib.one", Version = "1.0" },
                resource: [.. resource],
                attributes:
                [
                    Text("http.route", "/pay"),
                    Typed("cache.hit", "true", AttributeValueType.BoolValue),
                    Typed("big", "9223372036854775222", AttributeValueType.IntValue),
                    Typed("temperature", "72.5", AttributeValueType.DoubleValue),
                    Typed("overflow", "Infinity", AttributeValueType.DoubleValue),
                    Typed("tags", """["a",1,2.5,true,null,{"k":"v"},["x"]]""", AttributeValueType.ArrayValue),
                    Typed("map", """{"k":"v","n":3}""", AttributeValueType.KeyValueListValue),
                    Typed("blob", "AAAwOQ==", AttributeValueType.BytesValue),
                    Typed("broken", "not json", AttributeValueType.ArrayValue),
                ],
                events: [new SpanEvent { Name = "exception", TimeUnixNanos = Start + NanosPerMilli, Attributes = [Text("exception.type", "TimeoutException")] }],
                links: [new SpanLink { TraceId = linkedTrace, SpanId = "b000000000000001", Attributes = [Text("link.kind", "retry")] }])
            with
            { Flags = 1, Dropped = new SpanDroppedCounts(1, 0, 2) },
            Span(traceId, "a000000000000002", checkout, "GET /inventory", Start + NanosPerMilli, 2 * NanosPerMilli,
                parentSpanId: "a000000000000001",
                kind: SpanKind.Client,
                status: SpanStatusCode.Ok,
                scope: new SpanScope { Name = "lib.two" },
                resource: [.. resource]),
            Span(traceId, "a000000000000003", inventory, "lookup", Start + 1_500_000, 500_000, parentSpanId: "a000000000000002"),
            Span(traceId, "a000000000000004", checkout, "audit", Start + (3 * NanosPerMilli), 999,
                parentSpanId: "a000000000000001",
                kind: SpanKind.Internal,
                scope: new SpanScope { Name = "lib.one", Version = "1.0" },
                resource: [.. resource])));

        var body = await GetOkAsync(client, $"/jaeger/api/v3/traces/{traceId}");

        AssertJsonEqual($$$$"""
            {"result":{"resourceSpans":[
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{{checkout}}}}"}},{"key":"host.name","value":{"stringValue":"h1"}}]},
               "scopeSpans":[
                {"scope":{"name":"lib.one","version":"1.0"},"spans":[
                  {"traceId":"{{{{traceId}}}}","spanId":"a000000000000001","traceState":"vendor=abc","flags":1,"name":"POST /pay","kind":2,
                   "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000005000000",
                   "attributes":[
                     {"key":"http.route","value":{"stringValue":"/pay"}},
                     {"key":"cache.hit","value":{"boolValue":true}},
                     {"key":"big","value":{"intValue":"9223372036854775222"}},
                     {"key":"temperature","value":{"doubleValue":72.5}},
                     {"key":"overflow","value":{"doubleValue":"Infinity"}},
                     {"key":"tags","value":{"arrayValue":{"values":[
                       {"stringValue":"a"},{"intValue":"1"},{"doubleValue":2.5},{"boolValue":true},{},
                       {"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}},
                       {"arrayValue":{"values":[{"stringValue":"x"}]}}]}}},
                     {"key":"map","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}},{"key":"n","value":{"intValue":"3"}}]}}},
                     {"key":"blob","value":{"bytesValue":"AAAwOQ=="}},
                     {"key":"broken","value":{"stringValue":"not json"}}],
                   "droppedAttributesCount":1,
                   "events":[{"timeUnixNano":"1700000000001000000","name":"exception","attributes":[{"key":"exception.type","value":{"stringValue":"TimeoutException"}}]}],
                   "links":[{"traceId":"{{{{linkedTrace}}}}","spanId":"b000000000000001","attributes":[{"key":"link.kind","value":{"stringValue":"retry"}}]}],
                   "droppedLinksCount":2,
                   "status":{"message":"boom","code":2}},
                  {"traceId":"{{{{traceId}}}}","spanId":"a000000000000004","parentSpanId":"a000000000000001","name":"audit","kind":1,
                   "startTimeUnixNano":"1700000000003000000","endTimeUnixNano":"1700000000003000999","attributes":[],"status":{"code":0}}]},
                {"scope":{"name":"lib.two"},"spans":[
                  {"traceId":"{{{{traceId}}}}","spanId":"a000000000000002","parentSpanId":"a000000000000001","name":"GET /inventory","kind":3,
                   "startTimeUnixNano":"1700000000001000000","endTimeUnixNano":"1700000000003000000","attributes":[],"status":{"code":1}}]}]},
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{{inventory}}}}"}}]},
               "scopeSpans":[
                {"scope":{},"spans":[
                  {"traceId":"{{{{traceId}}}}","spanId":"a000000000000003","parentSpanId":"a000000000000002","name":"lookup","kind":0,
                   "startTimeUnixNano":"1700000000001500000","endTimeUnixNano":"1700000000002000000","attributes":[],"status":{"code":0}}]}]}]}}
            """, body);
    }

    [Fact]
    public async Task GetTrace_SixteenHexDigitId_IsPaddedTo32AndFoundByEitherForm()
    {
        var shortId = GatewayClient.NewTraceId()[..16];
        await StoreAsync(factory, Trace(shortId, Span(shortId, "1000000000000001", "zipkin-style", "root", Start, 10)));

        foreach (var requested in new[] { shortId, "0000000000000000" + shortId })
        {
            var body = await GetOkAsync(client, $"/jaeger/api/v3/traces/{requested}");

            var span = body.GetProperty("result").GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans")[0];
            Assert.Equal("0000000000000000" + shortId, span.GetProperty("traceId").GetString());
        }
    }

    [Fact]
    public async Task GetTrace_UnknownId_Gets404Error()
    {
        var (status, body) = await client.GetJsonAsync($"/jaeger/api/v3/traces/{GatewayClient.NewTraceId()}?start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z");

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertJsonEqual("""{"error":{"httpCode":404,"message":"No traces found"}}""", body);
    }

    [Fact]
    public async Task ServicesAndOperations_AreListedWithSpanKinds()
    {
        var service = NewService("v3-ops");
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId,
            Span(traceId, "1000000000000001", service, "get_users", Start, 10, kind: SpanKind.Server),
            Span(traceId, "1000000000000002", service, "legacy", Start + 1, 10)));

        var services = await GetOkAsync(client, "/jaeger/api/v3/services");
        var operations = await GetOkAsync(client, $"/jaeger/api/v3/operations?service={service}");
        var servers = await GetOkAsync(client, $"/jaeger/api/v3/operations?service={service}&spanKind=server");
        var internals = await GetOkAsync(client, $"/jaeger/api/v3/operations?service={service}&span_kind=internal");

        Assert.Contains(service, services.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(
            ["get_users server", "legacy internal"],
            operations.GetProperty("operations").EnumerateArray().Select(o => $"{o.GetProperty("name").GetString()} {o.GetProperty("spanKind").GetString()}").Order(StringComparer.Ordinal));
        AssertJsonEqual("""{"operations":[{"name":"get_users","spanKind":"server"}]}""", servers);
        AssertJsonEqual("""{"operations":[{"name":"legacy","spanKind":"internal"}]}""", internals);
    }

    [Fact]
    public async Task FindTraces_CamelCaseAndSnakeCaseParameters_FilterAlike()
    {
        var service = NewService("v3-search");
        var now = NowNanos(factory);
        var (a, b) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(a, Span(a, "1000000000000001", service, "GET /a", now - Minutes(30), 50 * NanosPerMilli,
                status: SpanStatusCode.Error, attributes: [Typed("http.status_code", "500", AttributeValueType.IntValue)])),
            Trace(b, Span(b, "1000000000000001", service, "GET /b", now - Minutes(20), 5 * NanosPerMilli)));
        var window = $"query.start_time_min={Rfc(now - Minutes(60))}&query.start_time_max={Rfc(now)}";
        var camelWindow = $"query.startTimeMin={Rfc(now - Minutes(60))}&query.startTimeMax={Rfc(now)}";

        Assert.Equal([b, a], await TraceIds($"query.service_name={service}&{window}"));
        Assert.Equal([b, a], await TraceIds($"query.serviceName={service}&{camelWindow}"));
        Assert.Equal([a], await TraceIds($"query.service_name={service}&query.operation_name=GET%20%2Fa&{window}"));
        Assert.Equal([a], await TraceIds($"query.serviceName={service}&query.operationName=GET%20%2Fa&{camelWindow}"));
        Assert.Equal([a], await TraceIds($"query.service_name={service}&query.attributes=%7B%22http.status_code%22%3A%22500%22%7D&{window}"));
        Assert.Equal([a], await TraceIds($"query.service_name={service}&query.duration_min=10ms&{window}"));
        Assert.Equal([b], await TraceIds($"query.serviceName={service}&query.durationMax=10ms&{camelWindow}"));
        Assert.Equal([b], await TraceIds($"query.service_name={service}&query.num_traces=1&{window}"));
        Assert.Equal([b], await TraceIds($"query.serviceName={service}&query.searchDepth=1&{camelWindow}"));
        Assert.Equal([b], await TraceIds($"query.service_name={service}&query.search_depth=1&query.raw_traces=true&{window}"));
        Assert.Equal([b, a], await TraceIds($"query.service_name={service}"));
        Assert.Empty(await TraceIds($"query.service_name={service}&query.start_time_min={Rfc(now - Minutes(15))}&query.start_time_max={Rfc(now)}"));
    }

    [Fact]
    public async Task FindTraces_GrafanasUnencodedOffsetTimes_AreRead()
    {
        var service = NewService("v3-offset");
        var now = NowNanos(factory);
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId, Span(traceId, "1000000000000001", service, "root", now - Minutes(30), 10)));
        var from = DateTimeOffset.UnixEpoch.AddTicks((now - Minutes(60)) / 100).ToOffset(TimeSpan.FromHours(1));
        var to = DateTimeOffset.UnixEpoch.AddTicks(now / 100).ToOffset(TimeSpan.FromHours(1));

        // Grafana appends the times to the query string without encoding the '+' of the offset.
        var ids = await TraceIds(string.Create(
            CultureInfo.InvariantCulture,
            $"query.service_name={service}&query.start_time_min={from:yyyy-MM-dd'T'HH:mm:ss.fffffffzzz}&query.start_time_max={to:yyyy-MM-dd'T'HH:mm:ss.fffffffzzz}"));

        Assert.Equal([traceId], ids);
    }

    [Fact]
    public async Task FindTraces_WithoutService_SearchesEveryService()
    {
        var run = Guid.NewGuid().ToString("N");
        var now = NowNanos(factory);
        var (first, second) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(first, Span(first, "1000000000000001", NewService("v3-any-a"), "root", now - Minutes(5), 10, attributes: [Text("run", run)])),
            Trace(second, Span(second, "1000000000000001", NewService("v3-any-b"), "root", now - Minutes(4), 10, attributes: [Text("run", run)])));

        Assert.Equal([second, first], await TraceIds($"query.attributes=%7B%22run%22%3A%22{run}%22%7D"));
    }

    [Fact]
    public async Task FindTraces_NothingFound_IsAnEmptyResult()
    {
        var body = await GetOkAsync(client, $"/jaeger/api/v3/traces?query.service_name={NewService("nobody")}");

        AssertJsonEqual("""{"result":{"resourceSpans":[]}}""", body);
    }

    [Fact]
    public async Task TraceSummaries_SummariseRootTimesAndCountsPerService()
    {
        var (root, child) = ($"a-{Guid.NewGuid():N}", $"b-{Guid.NewGuid():N}");
        var now = NowNanos(factory);
        var traceId = GatewayClient.NewTraceId();
        var start = now - Minutes(10);
        await StoreAsync(factory, Trace(traceId,
            Span(traceId, "1000000000000001", root, "GET /a", start, 100 * NanosPerMilli, kind: SpanKind.Server),
            Span(traceId, "1000000000000002", child, "query", start + NanosPerMilli, 150 * NanosPerMilli,
                parentSpanId: "1000000000000001", status: SpanStatusCode.Error),
            Span(traceId, "1000000000000003", child, "late", start + (2 * NanosPerMilli), NanosPerMilli, parentSpanId: "ffffffffffffffff")));

        var body = await GetOkAsync(client, $"/jaeger/api/v3/trace-summaries?query.service_name={root}");

        AssertJsonEqual($$"""
            {"summaries":[{"traceId":"{{traceId}}","rootServiceName":"{{root}}","rootOperationName":"GET /a",
              "minStartTimeUnixNano":"{{start}}","maxEndTimeUnixNano":"{{start + (151 * NanosPerMilli)}}",
              "spanCount":3,"errorSpanCount":1,"orphanSpanCount":1,
              "services":[{"name":"{{root}}","spanCount":1,"errorSpanCount":0},{"name":"{{child}}","spanCount":2,"errorSpanCount":1}]}]}
            """, body);
    }

    [Theory]
    [InlineData("/jaeger/api/v3/traces?query.start_time_min=yesterday", "query.start_time_min")]
    [InlineData("/jaeger/api/v3/traces?query.startTimeMax=2026-13-01T00:00:00Z", "query.startTimeMax")]
    [InlineData("/jaeger/api/v3/traces?query.start_time_min=2026-01-02T00:00:00Z&query.start_time_max=2026-01-01T00:00:00Z", "query.startTimeMin")]
    [InlineData("/jaeger/api/v3/traces?query.duration_min=fast", "query.duration_min")]
    [InlineData("/jaeger/api/v3/traces?query.durationMax=10", "query.durationMax")]
    [InlineData("/jaeger/api/v3/traces?query.duration_min=2s&query.duration_max=1s", "query.durationMax")]
    [InlineData("/jaeger/api/v3/traces?query.search_depth=0", "query.search_depth")]
    [InlineData("/jaeger/api/v3/traces?query.num_traces=many", "query.num_traces")]
    [InlineData("/jaeger/api/v3/traces?query.attributes=%7Bbad", "query.attributes")]
    [InlineData("/jaeger/api/v3/traces?query.raw_traces=maybe", "query.raw_traces")]
    [InlineData("/jaeger/api/v3/traces?query.filter=x", "query.filter")]
    [InlineData("/jaeger/api/v3/trace-summaries?query.start_time_min=yesterday", "query.start_time_min")]
    [InlineData("/jaeger/api/v3/traces/%3Cscript%3E", "trace_id")]
    [InlineData("/jaeger/api/v3/traces/0af7651916cd43dd8448eb211c80319c?start_time=yesterday", "start_time")]
    [InlineData("/jaeger/api/v3/traces/0af7651916cd43dd8448eb211c80319c?endTime=yesterday", "endTime")]
    [InlineData("/jaeger/api/v3/operations", "service")]
    [InlineData("/jaeger/api/v3/operations?service=s&spanKind=sideways", "spanKind")]
    public async Task BadParameter_Gets400ErrorNamingIt(string path, string parameter)
    {
        var (status, body) = await client.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(body.EnumerateObject().ToList());
        Assert.Equal("error", error.Name);
        Assert.Equal(400, error.Value.GetProperty("httpCode").GetInt32());
        Assert.Contains(parameter, error.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static long Minutes(long minutes) => minutes * 60 * 1_000 * NanosPerMilli;

    private static string Rfc(long unixNanos) =>
        Uri.EscapeDataString(DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    /// <summary>The ids of the traces in a search result, in order of appearance.</summary>
    private async Task<string[]> TraceIds(string query)
    {
        var body = await GetOkAsync(client, $"/jaeger/api/v3/traces?{query}");
        return [.. body.GetProperty("result").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(s => s.GetProperty("spans").EnumerateArray())
            .Select(s => s.GetProperty("traceId").GetString()!)
            .Distinct()];
    }
}

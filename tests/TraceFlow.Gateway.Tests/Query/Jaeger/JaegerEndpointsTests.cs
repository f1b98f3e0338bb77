using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Gateway.Tests.Query.Jaeger.JaegerTestData;

namespace TraceFlow.Gateway.Tests.Query.Jaeger;

/// <summary>Jaeger's v1 query API under /jaeger/api, checked against the shapes of Jaeger's http_handler.go and uimodel.</summary>
[Collection(GatewayCollection.Name)]
public sealed class JaegerEndpointsTests(GatewayFactory factory)
{
    private const long Start = 1_700_000_000_000_000_000;
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task GetTrace_TheDocumentedExampleSpan_HasJaegersShapeAndUnits()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        await StoreAsync(factory, Trace(traceId, Span(
            traceId, "b7ad6b7169203331", "frontend", "GET /api", Start, 1_500 * NanosPerMicro,
            parentSpanId: "00f067aa0ba902b7",
            kind: SpanKind.Server,
            attributes: [Typed("http.response.status_code", "200", AttributeValueType.IntValue)],
            resource: [Text("service.name", "frontend")])));

        var body = await GetOkAsync(client, $"/jaeger/api/traces/{traceId}");

        AssertJsonEqual("""
            {"data":[{"traceID":"0af7651916cd43dd8448eb211c80319c",
              "spans":[{"traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"b7ad6b7169203331","operationName":"GET /api",
                "references":[{"refType":"CHILD_OF","traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"00f067aa0ba902b7"}],
                "startTime":1700000000000000,"duration":1500,
                "tags":[{"key":"http.response.status_code","type":"int64","value":200},{"key":"span.kind","type":"string","value":"server"}],
                "logs":[],"processID":"p1","warnings":null}],
              "processes":{"p1":{"serviceName":"frontend","tags":[]}},
              "warnings":null}],
             "total":0,"limit":0,"offset":0,"errors":null}
            """, body);
    }

    [Fact]
    public async Task GetTrace_OtelSpans_MapResourceScopeStatusKindEventsAndLinksAsJaegersTranslator()
    {
        var traceId = GatewayClient.NewTraceId();
        var linkedTrace = GatewayClient.NewTraceId();
        var (checkout, inventory) = (NewService("checkout"), NewService("inventory"));
        await StoreAsync(factory, Trace(
            traceId,
            Span(traceId, "a000000000000001", checkout, "POST /pay", Start, 5_000 * NanosPerMicro,
                kind: SpanKind.Server,
                status: SpanStatusCode.Error,
                statusMessage: "boom",
                traceState: "vendor=abc",
                scope: new SpanScope { Name = "io.opentelemetry.aspnetcore", Version = "1.9.0" },
                resource: [Text("service.name", checkout), Text("host.name", "h1"), Typed("process.pid", "42", AttributeValueType.IntValue)],
                attributes:
                [
                    Text("http.route", "/pay"),
                    Typed("cache.hit", "false", AttributeValueType.BoolValue),
                    Typed("big", "9223372036854775222", AttributeValueType.IntValue),
                    Typed("small", "-23456", AttributeValueType.IntValue),
                    Typed("temperature", "72.5", AttributeValueType.DoubleValue),
                    Typed("ratio", "NaN", AttributeValueType.DoubleValue),
                    Typed("tags", """["a",1,true]""", AttributeValueType.ArrayValue),
                    Typed("map", """{"k":"v"}""", AttributeValueType.KeyValueListValue),
                    Typed("blob", "AAAwOQ==", AttributeValueType.BytesValue),
                    Text("error", "false"),
                ],
                events:
                [
                    new SpanEvent { Name = "annotation", TimeUnixNanos = Start + (2_000 * NanosPerMicro), Attributes = [Text("event", "custom")] },
                    new SpanEvent
                    {
                        Name = "exception",
                        TimeUnixNanos = Start + (1_000 * NanosPerMicro),
                        Attributes = [Text("exception.type", "TimeoutException"), Typed("attempt", "2", AttributeValueType.IntValue)],
                    },
                ],
                links:
                [
                    new SpanLink { TraceId = linkedTrace, SpanId = "b000000000000001" },
                    new SpanLink { TraceId = traceId, SpanId = "c000000000000009", Attributes = [Text("opentracing.ref_type", "child_of")] },
                ]),
            Span(traceId, "a000000000000002", checkout, "GET /inventory", Start + (1_000 * NanosPerMicro), 2_000 * NanosPerMicro,
                parentSpanId: "a000000000000001",
                kind: SpanKind.Client,
                status: SpanStatusCode.Ok,
                resource: [Text("service.name", checkout), Text("host.name", "h1"), Typed("process.pid", "42", AttributeValueType.IntValue)]),
            Span(traceId, "a000000000000003", inventory, "lookup", Start + (1_500 * NanosPerMicro), 500 * NanosPerMicro,
                parentSpanId: "a000000000000002",
                kind: SpanKind.Internal,
                resource: [Text("service.name", inventory)]),
            Span(traceId, "a000000000000004", checkout, "audit", Start + (3_000 * NanosPerMicro), 999,
                parentSpanId: "a000000000000001",
                resource: [Text("service.name", checkout), Text("host.name", "h2")])));

        var body = await GetOkAsync(client, $"/jaeger/api/traces/{traceId}");

        var micros = Start / NanosPerMicro;
        AssertJsonEqual($$$"""
            {"traceID":"{{{traceId}}}",
             "spans":[
              {"traceID":"{{{traceId}}}","spanID":"a000000000000001","operationName":"POST /pay",
               "references":[
                 {"refType":"FOLLOWS_FROM","traceID":"{{{linkedTrace}}}","spanID":"b000000000000001"},
                 {"refType":"CHILD_OF","traceID":"{{{traceId}}}","spanID":"c000000000000009"}],
               "startTime":{{{micros}}},"duration":5000,
               "tags":[
                 {"key":"otel.scope.name","type":"string","value":"io.opentelemetry.aspnetcore"},
                 {"key":"otel.scope.version","type":"string","value":"1.9.0"},
                 {"key":"http.route","type":"string","value":"/pay"},
                 {"key":"cache.hit","type":"bool","value":false},
                 {"key":"big","type":"int64","value":"9223372036854775222"},
                 {"key":"small","type":"int64","value":-23456},
                 {"key":"temperature","type":"float64","value":72.5},
                 {"key":"ratio","type":"float64","value":"NaN"},
                 {"key":"tags","type":"string","value":"[\"a\",1,true]"},
                 {"key":"map","type":"string","value":"{\"k\":\"v\"}"},
                 {"key":"blob","type":"binary","value":"AAAwOQ=="},
                 {"key":"span.kind","type":"string","value":"server"},
                 {"key":"otel.status_code","type":"string","value":"ERROR"},
                 {"key":"error","type":"bool","value":true},
                 {"key":"otel.status_description","type":"string","value":"boom"},
                 {"key":"w3c.tracestate","type":"string","value":"vendor=abc"}],
               "logs":[
                 {"timestamp":{{{micros + 1_000}}},"fields":[
                   {"key":"event","type":"string","value":"exception"},
                   {"key":"exception.type","type":"string","value":"TimeoutException"},
                   {"key":"attempt","type":"int64","value":2}]},
                 {"timestamp":{{{micros + 2_000}}},"fields":[{"key":"event","type":"string","value":"custom"}]}],
               "processID":"p1","warnings":null},
              {"traceID":"{{{traceId}}}","spanID":"a000000000000002","operationName":"GET /inventory",
               "references":[{"refType":"CHILD_OF","traceID":"{{{traceId}}}","spanID":"a000000000000001"}],
               "startTime":{{{micros + 1_000}}},"duration":2000,
               "tags":[{"key":"span.kind","type":"string","value":"client"},{"key":"otel.status_code","type":"string","value":"OK"}],
               "logs":[],"processID":"p1","warnings":null},
              {"traceID":"{{{traceId}}}","spanID":"a000000000000003","operationName":"lookup",
               "references":[{"refType":"CHILD_OF","traceID":"{{{traceId}}}","spanID":"a000000000000002"}],
               "startTime":{{{micros + 1_500}}},"duration":500,"tags":[],"logs":[],"processID":"p2","warnings":null},
              {"traceID":"{{{traceId}}}","spanID":"a000000000000004","operationName":"audit",
               "references":[{"refType":"CHILD_OF","traceID":"{{{traceId}}}","spanID":"a000000000000001"}],
               "startTime":{{{micros + 3_000}}},"duration":0,"tags":[],"logs":[],"processID":"p3","warnings":null}],
             "processes":{
              "p1":{"serviceName":"{{{checkout}}}","tags":[{"key":"host.name","type":"string","value":"h1"},{"key":"process.pid","type":"int64","value":42}]},
              "p2":{"serviceName":"{{{inventory}}}","tags":[]},
              "p3":{"serviceName":"{{{checkout}}}","tags":[{"key":"host.name","type":"string","value":"h2"}]}},
             "warnings":null}
            """, body.GetProperty("data")[0]);
    }

    [Fact]
    public async Task GetTrace_HighHalfZero_Prints16HexDigitsAndIsFoundByEitherForm()
    {
        var low = GatewayClient.NewTraceId()[..16];
        var stored = "0000000000000000" + low;
        await StoreAsync(factory, Trace(stored,
            Span(stored, "1000000000000001", "short-ids", "root", Start, 10),
            Span(stored, "1000000000000002", "short-ids", "child", Start + 1, 5, parentSpanId: "1000000000000001")));

        foreach (var requested in new[] { low, stored, low.ToUpperInvariant() })
        {
            var trace = (await GetOkAsync(client, $"/jaeger/api/traces/{requested}")).GetProperty("data")[0];

            Assert.Equal(low, trace.GetProperty("traceID").GetString());
            Assert.All(trace.GetProperty("spans").EnumerateArray(), s => Assert.Equal(low, s.GetProperty("traceID").GetString()));
            Assert.Equal(low, trace.GetProperty("spans")[1].GetProperty("references")[0].GetProperty("traceID").GetString());
        }
    }

    [Fact]
    public async Task GetTrace_Base64Id_FindsTheTrace()
    {
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId, Span(traceId, "1000000000000001", "base64-ids", "root", Start, 10)));
        var base64 = Convert.ToBase64String(Convert.FromHexString(traceId));

        var body = await GetOkAsync(client, $"/jaeger/api/traces/{Uri.EscapeDataString(base64)}");

        Assert.Equal(traceId, body.GetProperty("data")[0].GetProperty("traceID").GetString());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(1)]
    public async Task GetTrace_WithMillisecondOrMicrosecondHints_ReturnsTheTrace(long unitsPerMilli)
    {
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId, Span(traceId, "1000000000000001", "hinted", "root", Start, 10)));
        var startMs = (Start / NanosPerMilli) - 60_000;
        var endMs = (Start / NanosPerMilli) + 60_000;

        var body = await GetOkAsync(client, $"/jaeger/api/traces/{traceId}?start={startMs * unitsPerMilli}&end={endMs * unitsPerMilli}");

        Assert.Equal(1, body.GetProperty("data").GetArrayLength());
        Assert.Equal(traceId, body.GetProperty("data")[0].GetProperty("traceID").GetString());
    }

    [Fact]
    public async Task GetTrace_UnknownId_Gets404Envelope()
    {
        var (status, body) = await client.GetJsonAsync($"/jaeger/api/traces/{GatewayClient.NewTraceId()}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertJsonEqual("""
            {"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}
            """, body);
    }

    [Fact]
    public async Task Services_ListsEveryServiceWithTheCountAsTotal()
    {
        var service = NewService("services");
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId, Span(traceId, "1000000000000001", service, "root", Start, 10)));

        var body = await GetOkAsync(client, "/jaeger/api/services");

        var services = body.GetProperty("data").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains(service, services);
        Assert.Equal(services.Count, body.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("errors").ValueKind);
        Assert.Equal(0, body.GetProperty("limit").GetInt32());
        Assert.Equal(0, body.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task Operations_ByServiceAndKind_AreNamedAsJaegerNamesThem()
    {
        var service = NewService("ops/with-slash");
        var traceId = GatewayClient.NewTraceId();
        await StoreAsync(factory, Trace(traceId,
            Span(traceId, "1000000000000001", service, "GET /a", Start, 10, kind: SpanKind.Server),
            Span(traceId, "1000000000000002", service, "GET /a", Start + 1, 10, kind: SpanKind.Client),
            Span(traceId, "1000000000000003", service, "work", Start + 2, 10, kind: SpanKind.Internal),
            Span(traceId, "1000000000000004", service, "legacy", Start + 3, 10)));
        var escaped = Uri.EscapeDataString(service);

        var legacy = await GetOkAsync(client, $"/jaeger/api/services/{escaped}/operations");
        var all = await GetOkAsync(client, $"/jaeger/api/operations?service={escaped}");
        var servers = await GetOkAsync(client, $"/jaeger/api/operations?service={escaped}&spanKind=server");

        Assert.Equal(["GET /a", "legacy", "work"], legacy.GetProperty("data").EnumerateArray().Select(o => o.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(3, legacy.GetProperty("total").GetInt32());
        Assert.Equal(
            ["GET /a client", "GET /a server", "legacy ", "work internal"],
            all.GetProperty("data").EnumerateArray().Select(o => $"{o.GetProperty("name").GetString()} {o.GetProperty("spanKind").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        AssertJsonEqual("""
            {"data":[{"name":"GET /a","spanKind":"server"}],"total":1,"limit":0,"offset":0,"errors":null}
            """, servers);
    }

    [Fact]
    public async Task FindTraces_AppliesOperationTagsDurationsLimitAndWindow_NewestFirst()
    {
        var service = NewService("search");
        var now = NowNanos(factory);
        var (a, b, c) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(a, Span(a, "1000000000000001", service, "GET /a", now - Minutes(30), 50 * NanosPerMilli,
                status: SpanStatusCode.Error, attributes: [Typed("http.status_code", "500", AttributeValueType.IntValue)])),
            Trace(b, Span(b, "1000000000000001", service, "GET /b", now - Minutes(20), 5 * NanosPerMilli,
                attributes: [Typed("http.status_code", "200", AttributeValueType.IntValue)])),
            Trace(c, Span(c, "1000000000000001", service, "GET /a", now - Minutes(10), 200 * NanosPerMilli,
                resource: [Text("service.name", service), Text("deployment.environment", "prod")])));
        var window = $"start={(now - Minutes(25)) / NanosPerMicro}&end={(now - Minutes(15)) / NanosPerMicro}";

        Assert.Equal([c, b, a], await TraceIds($"service={service}"));
        Assert.Equal([c, a], await TraceIds($"service={service}&operation=GET%20%2Fa"));
        Assert.Equal([a], await TraceIds($"service={service}&tags=%7B%22http.status_code%22%3A%22500%22%7D"));
        Assert.Equal([b], await TraceIds($"service={service}&tag=http.status_code:200"));
        Assert.Equal([c], await TraceIds($"service={service}&tags=%7B%22deployment.environment%22%3A%22prod%22%7D"));
        Assert.Equal([a], await TraceIds($"service={service}&tags=%7B%22error%22%3A%22true%22%7D"));
        Assert.Equal([c, b], await TraceIds($"service={service}&tag=error:false"));
        Assert.Equal([c], await TraceIds($"service={service}&minDuration=100ms"));
        Assert.Equal([b], await TraceIds($"service={service}&maxDuration=10ms"));
        Assert.Equal([a], await TraceIds($"service={service}&minDuration=10ms&maxDuration=0.1s"));
        Assert.Equal([c], await TraceIds($"service={service}&limit=1"));
        Assert.Equal([b], await TraceIds($"service={service}&{window}&lookback=custom"));
    }

    [Fact]
    public async Task FindTraces_WithoutService_SearchesEveryService()
    {
        var run = Guid.NewGuid().ToString("N");
        var now = NowNanos(factory);
        var (first, second) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(first, Span(first, "1000000000000001", NewService("any-a"), "root", now - Minutes(5), 10, attributes: [Text("run", run)])),
            Trace(second, Span(second, "1000000000000001", NewService("any-b"), "root", now - Minutes(4), 10, attributes: [Text("run", run)])));

        Assert.Equal([second, first], await TraceIds($"tag=run:{run}"));
    }

    [Fact]
    public async Task FindTraces_DefaultWindow_IsTheTwoDaysBeforeTheEnd()
    {
        var service = NewService("window");
        var now = NowNanos(factory);
        var (recent, old) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(recent, Span(recent, "1000000000000001", service, "root", now - Minutes(60 * 47), 10)),
            Trace(old, Span(old, "1000000000000001", service, "root", now - Minutes(60 * 49), 10)));

        Assert.Equal([recent], await TraceIds($"service={service}"));
        Assert.Equal([recent, old], await TraceIds($"service={service}&start={(now - Minutes(60 * 72)) / NanosPerMicro}"));
        Assert.Equal([old], await TraceIds($"service={service}&end={(now - Minutes(60 * 48)) / NanosPerMicro}"));
    }

    [Fact]
    public async Task FindTraces_WithTraceIds_ReturnsExactlyThoseAndNamesTheMissing()
    {
        var (found, missing) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(factory, Trace(found, Span(found, "1000000000000001", NewService("compare"), "root", Start, 10)));

        var body = await GetOkAsync(client, $"/jaeger/api/traces?traceID={found}&traceID={missing}&service=ignored-when-ids-are-given");

        Assert.Equal([found], body.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceID").GetString()));
        AssertJsonEqual($$"""[{"code":404,"msg":"trace not found","traceID":"{{missing}}"}]""", body.GetProperty("errors"));
    }

    [Fact]
    public async Task Dependencies_InTheWindow_SumCallsAndFilterByService()
    {
        var (parent, child, grandchild) = (NewService("dep-parent"), NewService("dep-child"), NewService("dep-grandchild"));
        var now = NowNanos(factory);
        var (one, two) = (GatewayClient.NewTraceId(), GatewayClient.NewTraceId());
        await StoreAsync(
            factory,
            Trace(one,
                Span(one, "1000000000000001", parent, "root", now - Minutes(60), 10),
                Span(one, "1000000000000002", child, "a", now - Minutes(60) + 1, 5, parentSpanId: "1000000000000001"),
                Span(one, "1000000000000003", child, "b", now - Minutes(60) + 2, 5, parentSpanId: "1000000000000001")),
            Trace(two,
                Span(two, "1000000000000001", child, "root", now - Minutes(30), 10),
                Span(two, "1000000000000002", grandchild, "leaf", now - Minutes(30) + 1, 5, parentSpanId: "1000000000000001")));
        var endTs = now / NanosPerMilli;

        var everything = await GetOkAsync(client, "/jaeger/api/dependencies");
        var lastHours = await GetOkAsync(client, $"/jaeger/api/dependencies?endTs={endTs}&lookback={2 * 3_600_000}");
        var ofParent = await GetOkAsync(client, $"/jaeger/api/dependencies?endTs={endTs}&lookback={2 * 3_600_000}&service={parent}");
        var lastMinutes = await GetOkAsync(client, $"/jaeger/api/dependencies?endTs={endTs}&lookback={45 * 60_000}");

        Assert.Contains($"{parent}>{child}:2", Links(everything));
        Assert.Contains($"{child}>{grandchild}:1", Links(lastHours));
        AssertJsonEqual($$"""
            {"data":[{"parent":"{{parent}}","child":"{{child}}","callCount":2}],"total":0,"limit":0,"offset":0,"errors":null}
            """, ofParent);
        Assert.DoesNotContain($"{parent}>{child}:2", Links(lastMinutes));
        Assert.Contains($"{child}>{grandchild}:1", Links(lastMinutes));
    }

    [Fact]
    public async Task PrettyPrint_IndentsTheAnswer()
    {
        using var response = await client.Http.GetAsync("/jaeger/api/services?prettyPrint=true", GatewayClient.Cancel);
        var text = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/jaeger/api/traces?service=s&start=abc", "start")]
    [InlineData("/jaeger/api/traces?service=s&end=-5", "end")]
    [InlineData("/jaeger/api/traces?service=s&start=2000&end=1000", "start")]
    [InlineData("/jaeger/api/traces?service=s&start=99999999999999999", "start")]
    [InlineData("/jaeger/api/traces?service=s&minDuration=fast", "minDuration")]
    [InlineData("/jaeger/api/traces?service=s&maxDuration=10", "maxDuration")]
    [InlineData("/jaeger/api/traces?service=s&minDuration=2s&maxDuration=1s", "maxDuration")]
    [InlineData("/jaeger/api/traces?service=s&limit=ten", "limit")]
    [InlineData("/jaeger/api/traces?service=s&tag=novalue", "tag")]
    [InlineData("/jaeger/api/traces?service=s&tags=%7Bbad", "tags")]
    [InlineData("/jaeger/api/traces?service=s&tags=%5B%22a%22%5D", "tags")]
    [InlineData("/jaeger/api/traces?service=s&tags=%7B%22k%22%3A%7B%7D%7D", "tags")]
    [InlineData("/jaeger/api/traces?traceID=%3Cscript%3E", "traceID")]
    [InlineData("/jaeger/api/traces?service=s&raw=maybe", "raw")]
    [InlineData("/jaeger/api/operations", "service")]
    [InlineData("/jaeger/api/operations?service=s&spanKind=sideways", "spanKind")]
    [InlineData("/jaeger/api/traces/%3Cscript%3E", "traceID")]
    [InlineData("/jaeger/api/traces/0af7651916cd43dd8448eb211c80319c?start=yesterday", "start")]
    [InlineData("/jaeger/api/dependencies?endTs=now", "endTs")]
    [InlineData("/jaeger/api/dependencies?lookback=-1", "lookback")]
    public async Task BadParameter_Gets400EnvelopeNamingIt(string path, string parameter)
    {
        var (status, body) = await client.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(0, body.GetProperty("limit").GetInt32());
        Assert.Equal(0, body.GetProperty("offset").GetInt32());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Contains($"'{parameter}'", error.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    private static long Minutes(long minutes) => minutes * 60 * 1_000 * NanosPerMilli;

    private static List<string> Links(JsonElement body) =>
        [.. body.GetProperty("data").EnumerateArray().Select(l => string.Create(
            CultureInfo.InvariantCulture,
            $"{l.GetProperty("parent").GetString()}>{l.GetProperty("child").GetString()}:{l.GetProperty("callCount").GetInt32()}"))];

    private async Task<string[]> TraceIds(string query)
    {
        var body = await GetOkAsync(client, $"/jaeger/api/traces?{query}");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("errors").ValueKind);
        return [.. body.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceID").GetString()!)];
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;
using static TraceFlow.Gateway.Tests.Query.Jaeger.JaegerTestData;

namespace TraceFlow.Gateway.Tests.Query.Jaeger;

/// <summary>
/// The calls Grafana's Jaeger data source makes, in its order (pkg/tsdb/jaeger/client.go), with
/// the data source URL http://host:9411/jaeger, on spans ingested through POST /api/spans.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GrafanaJaegerDataSourceTests(GatewayFactory factory)
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task GrafanaCallSequence_ServicesOperationsSearchTraceAndDependencies_AllAnswer()
    {
        var (frontend, driver) = (NewService("frontend"), NewService("driver"));
        var traceId = GatewayClient.NewTraceId();
        var nowMs = NowNanos(factory) / NanosPerMilli;
        var (rootMs, childMs) = (nowMs - 60_000, nowMs - 59_900);
        using var response = await client.PostSpansAsync(string.Create(CultureInfo.InvariantCulture, $$$"""
            {"spans":[
              {"trace_id":"{{{traceId}}}","span_id":"f000000000000001","service":"{{{frontend}}}","operation":"HTTP GET /dispatch",
               "start_unix_ms":{{{rootMs}}},"duration_ms":1200,"kind":"server","status":"error","status_message":"driver timed out",
               "attributes":{"http.status_code":500},
               "events":[{"name":"exception","time_unix_ms":{{{rootMs + 10}}},"attributes":{"exception.type":"TimeoutException"}}]},
              {"trace_id":"{{{traceId}}}","span_id":"d000000000000001","parent_span_id":"f000000000000001","service":"{{{driver}}}",
               "operation":"FindDriverIDs","start_unix_ms":{{{childMs}}},"duration_ms":300,"kind":"server","attributes":{"region":"eu"}}
            ]}
            """));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.WaitForTraceAsync(traceId, minSpans: 2);
        var endMs = NowNanos(factory) / NanosPerMilli;

        // 1. Health check and service picker.
        var services = await GetOkAsync(client, "/jaeger/api/services");
        var names = services.GetProperty("data").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains(frontend, names);
        Assert.Contains(driver, names);
        Assert.Equal(names.Count, services.GetProperty("total").GetInt32());

        // 2. Operation picker: data decoded as []string.
        var operations = await GetOkAsync(client, $"/jaeger/api/services/{Uri.EscapeDataString(frontend)}/operations");
        Assert.Equal(["HTTP GET /dispatch"], operations.GetProperty("data").EnumerateArray().Select(o => o.GetString()));

        // 3. Search: tags as JSON from logfmt, a Go duration, start/end in microseconds.
        var tags = Uri.EscapeDataString("""{"http.status_code":"500"}""");
        var search = await GetOkAsync(client, string.Create(
            CultureInfo.InvariantCulture,
            $"/jaeger/api/traces?service={frontend}&operation={Uri.EscapeDataString("HTTP GET /dispatch")}&tags={tags}&minDuration=1s&limit=20&start={(rootMs - 3_600_000) * 1_000}&end={endMs * 1_000}&lookback=custom"));
        var found = Assert.Single(search.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal(traceId, found.GetProperty("traceID").GetString());
        Assert.Equal(2, found.GetProperty("spans").GetArrayLength());
        var tooSlow = await GetOkAsync(client, $"/jaeger/api/traces?service={frontend}&tags={tags}&minDuration=2s&start={(rootMs - 3_600_000) * 1_000}&end={endMs * 1_000}");
        Assert.Equal(0, tooSlow.GetProperty("data").GetArrayLength());

        // 4. Trace by id, with the millisecond time hints of "traceIdTimeParams"; Grafana reads data[0].
        var trace = (await GetOkAsync(client, $"/jaeger/api/traces/{traceId}?start={rootMs - 60_000}&end={endMs}")).GetProperty("data")[0];
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("spanID").GetString()!);
        var root = spans["f000000000000001"];
        var child = spans["d000000000000001"];
        Assert.Equal(0, root.GetProperty("references").GetArrayLength());
        Assert.Equal(rootMs * 1_000, root.GetProperty("startTime").GetInt64());
        Assert.Equal(1_200_000, root.GetProperty("duration").GetInt64());
        Assert.Equal(
            ["error=True", "http.status_code=500", "otel.status_code=ERROR", "otel.status_description=driver timed out", "span.kind=server"],
            root.GetProperty("tags").EnumerateArray().Select(Tag).Order(StringComparer.Ordinal));
        var log = Assert.Single(root.GetProperty("logs").EnumerateArray().ToList());
        Assert.Equal((rootMs + 10) * 1_000, log.GetProperty("timestamp").GetInt64());
        Assert.Equal(["event=exception", "exception.type=TimeoutException"], log.GetProperty("fields").EnumerateArray().Select(Tag));
        AssertJsonEqual($$"""[{"refType":"CHILD_OF","traceID":"{{traceId}}","spanID":"f000000000000001"}]""", child.GetProperty("references"));
        var processes = trace.GetProperty("processes");
        Assert.Equal(frontend, processes.GetProperty(root.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString());
        Assert.Equal(driver, processes.GetProperty(child.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString());

        // 5. Dependency graph: endTs and lookback in milliseconds.
        var dependencies = await GetOkAsync(client, $"/jaeger/api/dependencies?endTs={endMs}&lookback={endMs - (rootMs - 60_000)}");
        Assert.Equal(JsonValueKind.Null, dependencies.GetProperty("errors").ValueKind);
        var link = Assert.Single(dependencies.GetProperty("data").EnumerateArray().Where(l => l.GetProperty("parent").GetString() == frontend).ToList());
        Assert.Equal(driver, link.GetProperty("child").GetString());
        Assert.Equal(1, link.GetProperty("callCount").GetInt32());
    }

    private static string Tag(JsonElement tag) => $"{tag.GetProperty("key").GetString()}={tag.GetProperty("value")}";
}

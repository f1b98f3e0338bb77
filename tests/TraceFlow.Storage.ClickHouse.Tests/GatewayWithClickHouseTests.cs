using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>The whole collector with ClickHouse on: spans in over HTTP, kept traces out in ClickHouse.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class GatewayWithClickHouseTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IngestedSpans_LandInClickHouse()
    {
        var options = TestDatabase.Options(server);
        using var factory = new ClickHouseGatewayFactory(options);
        using var http = factory.CreateClient();
        var traceId = Guid.NewGuid().ToString("N");

        using (var response = await PostAsync(http, traceId, "root", null, "checkout"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var response = await PostAsync(http, traceId, "child", "root", "payment"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var database = TestDatabase.Open(options);
        var queries = new ClickHouseTraceQueries(database);
        var stored = await Poll.UntilAsync(
            async () => await TryGetAsync(queries, traceId),
            t => t?.Spans.Length == 2,
            "the trace in ClickHouse");
        Assert.Equal(["checkout", "payment"], stored!.Spans.Select(s => s.Service).Order());
        Assert.Equal("always_sample", stored.Decision.Policy);
    }

    [Fact]
    public async Task TracesSurviveACollectorRestart_AndTheQueryApisReadThemFromClickHouse()
    {
        var options = TestDatabase.Options(server);
        var traceId = Guid.NewGuid().ToString("N");
        var service = $"durable-{Guid.NewGuid():N}"[..20];
        using (var first = new ClickHouseGatewayFactory(options))
        {
            using var http = first.CreateClient();
            using (var response = await PostAsync(http, traceId, "root", null, service))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            await Poll.UntilAsync(() => StatusOfAsync(http, $"/api/traces/{traceId}"), s => s == HttpStatusCode.OK, "the trace to be readable");
        }

        // A new collector process (nothing in memory) finds it through every query API.
        using var second = new ClickHouseGatewayFactory(options);
        using var restarted = second.CreateClient();
        var trace = await restarted.GetStringAsync($"/api/traces/{traceId}", Cancel);
        Assert.Contains(service, trace, StringComparison.Ordinal);
        var search = await restarted.GetStringAsync($"/api/traces?service={service}&from_unix_ms={DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds()}", Cancel);
        Assert.Contains(traceId, search, StringComparison.Ordinal);
        var zipkin = await restarted.GetStringAsync($"/api/v2/trace/{traceId}", Cancel);
        Assert.Contains(service, zipkin, StringComparison.Ordinal);
        var services = await restarted.GetStringAsync("/api/v2/services", Cancel);
        Assert.Contains(service, services, StringComparison.Ordinal);
        var stats = await restarted.GetStringAsync("/api/stats", Cancel);
        Assert.Contains(service, stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenClickHouseIsAway_NewTracesAreRefusedRetryably_OnceItsQueueBacksUp()
    {
        var options = TestDatabase.Options(server) with { Url = "http://127.0.0.1:1" };
        using var factory = new ClickHouseGatewayFactory(options, new Dictionary<string, string>
        {
            ["TraceFlow:ClickHouse:QueueCapacity"] = "10",
            ["TraceFlow:ClickHouse:ShutdownDrainTimeout"] = "00:00:01",
        });
        using var http = factory.CreateClient();
        var sink = factory.Services.GetRequiredService<ClickHouseSink>();

        // Eight one-span traces fill the queue to its high-water mark once they are decided and kept.
        for (var i = 0; i < 8; i++)
        {
            using var accepted = await PostAsync(http, Guid.NewGuid().ToString("N"), "s", null, "svc");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await Poll.UntilAsync(() => Task.FromResult(sink.QueuedSpans), n => n >= 8, "the kept traces to queue for ClickHouse");

        using var refused = await PostAsync(http, Guid.NewGuid().ToString("N"), "s", null, "svc");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("/api/traces?service=checkout")]
    [InlineData("/api/traces/0af7651916cd43dd8448eb211c80319c")]
    [InlineData("/api/stats")]
    [InlineData("/api/v2/traces?serviceName=checkout")]
    [InlineData("/api/v2/services")]
    [InlineData("/jaeger/api/traces?service=checkout")]
    [InlineData("/jaeger/api/dependencies?endTs=1764633600000&lookback=3600000")]
    [InlineData("/api/dependencies")]
    public async Task WhenClickHouseIsAway_QueriesAnswer503WithRetryAfter(string path)
    {
        var options = TestDatabase.Options(server) with { Url = "http://127.0.0.1:1" };
        using var factory = new ClickHouseGatewayFactory(options);
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Contains("trace store", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Cancel);
        return response.StatusCode;
    }

    private static async Task<Grains.Storage.StoredTrace?> TryGetAsync(ClickHouseTraceQueries queries, string traceId)
    {
        try
        {
            return await queries.GetTraceAsync(new TraceKey(TraceKey.DefaultTenant, traceId), Cancel);
        }
        catch (global::ClickHouse.Driver.ClickHouseServerException)
        {
            return null; // the tables are created when the collector first reaches the server
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string traceId, string spanId, string? parent, string service)
    {
        var parentJson = parent is null ? "" : $",\"parent_span_id\":\"{parent}\"";
        var json = $$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"{{spanId}}"{{parentJson}},"service":"{{service}}","operation":"op","start_unix_ms":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"duration_ms":3}]}""";
        return http.PostAsync("/api/spans", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
    }
}

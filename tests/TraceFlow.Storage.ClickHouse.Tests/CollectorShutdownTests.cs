using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>SIGTERM to the one-process collector (gateway and silo) with ClickHouse as its store.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed partial class CollectorShutdownTests(ClickHouseServer server)
{
    private const int Traces = 20;
    private const int SpansPerTrace = 3;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_RefusesNewWork_DecidesAndStoresEveryHeldTrace_AndExitsZeroWithinTheTimeout_WithASummary()
    {
        var options = TestDatabase.Options(server);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var collector = await CollectorProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["TraceFlow__ClickHouse__Url"] = options.Url!,
                ["TraceFlow__ClickHouse__Database"] = options.Database,
                ["TraceFlow__Traces__DecisionWait"] = "00:10:00", // nothing is decided before the signal
                ["TraceFlow__Shutdown__Timeout"] = ShutdownTimeout.ToString(),
                ["TraceFlow__Shutdown__UnreadyDelay"] = "00:00:03",
            },
            http);
        var traceIds = Enumerable.Range(0, Traces).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var traceId in traceIds)
        {
            using var accepted = await PostAsync(http, collector.Address, traceId, SpansPerTrace);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.Contains($"traceflow_traces_live {Traces}", await http.GetStringAsync(new Uri(collector.Address, "/metrics"), Cancel), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        await collector.TerminateAsync();

        // Unready first, and no new work taken, while the listeners are still open.
        await Poll.UntilAsync(() => StatusAsync(http, new Uri(collector.Address, "/readyz")), s => s == HttpStatusCode.ServiceUnavailable, "/readyz to answer 503", TimeSpan.FromSeconds(2));
        using (var refused = await PostAsync(http, collector.Address, Guid.NewGuid().ToString("N"), 1))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }

        Assert.True(await collector.ExitsWithinAsync(ShutdownTimeout), $"no exit within {ShutdownTimeout}:{Environment.NewLine}{collector.Output}");
        Assert.True(clock.Elapsed < ShutdownTimeout, $"the stop took {clock.Elapsed}");
        Assert.True(collector.ExitCode == 0, $"exit code {collector.ExitCode}:{Environment.NewLine}{collector.Output}");
        var summary = Summary().Match(collector.Output);
        Assert.True(summary.Success, collector.Output);
        Assert.Equal(
            (Traces, Traces, Traces * SpansPerTrace, 0, 1),
            (Count(summary, "decided"), Count(summary, "kept"), Count(summary, "flushed"), Count(summary, "dropped"), Count(summary, "refused")));

        using var database = TestDatabase.Open(options);
        var rows = await database.QueryAsync(
            $"SELECT trace_id, uniqExact(span_id) AS n FROM {database.Table("spans")} GROUP BY trace_id", [], Cancel);
        var stored = rows.ToDictionary(r => SpanTable.Text(r, "trace_id"), r => SpanTable.Int(r, "n"), StringComparer.Ordinal);
        Assert.Equal(traceIds.Order(), stored.Keys.Order());
        Assert.All(stored.Values, n => Assert.Equal(SpansPerTrace, n));
    }

    [Fact]
    public async Task Sigterm_WhileClickHouseIsDown_GivesUpAtTheTimeout_AndReportsTheSpansItCouldNotWrite()
    {
        var options = TestDatabase.Options(server);
        var stopTimeout = TimeSpan.FromSeconds(6);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var collector = await CollectorProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["TraceFlow__ClickHouse__Url"] = $"http://127.0.0.1:{ClosedPort()}", // nothing listens: every write fails
                ["TraceFlow__ClickHouse__Database"] = options.Database,
                ["TraceFlow__Traces__DecisionWait"] = "00:10:00",
                ["TraceFlow__Shutdown__Timeout"] = stopTimeout.ToString(),
                ["TraceFlow__Shutdown__UnreadyDelay"] = "00:00:00",
            },
            http);
        foreach (var traceId in Enumerable.Range(0, Traces).Select(_ => Guid.NewGuid().ToString("N")))
        {
            using var accepted = await PostAsync(http, collector.Address, traceId, SpansPerTrace);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        await collector.TerminateAsync();

        // The kept traces cannot be written; the stop ends at its timeout anyway and says what it lost.
        var slack = TimeSpan.FromSeconds(15);
        Assert.True(await collector.ExitsWithinAsync(stopTimeout + slack), $"no exit within {stopTimeout + slack}:{Environment.NewLine}{collector.Output}");
        Assert.True(clock.Elapsed >= stopTimeout - TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}, before the timeout");
        Assert.Contains($"Stopped with {Traces * SpansPerTrace} kept spans not yet written to ClickHouse; they are lost", collector.Output, StringComparison.Ordinal);
        var summary = Summary().Match(collector.Output);
        Assert.True(summary.Success, collector.Output);
        Assert.Equal(
            (Traces, Traces, 0, Traces * SpansPerTrace),
            (Count(summary, "decided"), Count(summary, "kept"), Count(summary, "flushed"), Count(summary, "dropped")));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Count(Match summary, string group) => int.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri, Cancel);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, Uri collector, string traceId, int spans)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var json = "{\"spans\":[" + string.Join(',', Enumerable.Range(1, spans).Select(i =>
            $$"""{"trace_id":"{{traceId}}","span_id":"{{i:x16}}"{{(i == 1 ? "" : $",\"parent_span_id\":\"{1:x16}\"")}},"service":"svc","operation":"op","start_unix_ms":{{now}},"duration_ms":3}""")) + "]}";
        return http.PostAsync(new Uri(collector, "/api/spans"), new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
    }

    [GeneratedRegex(@"shutdown: decided (?<decided>\d+) traces \(kept (?<kept>\d+)\), flushed (?<flushed>\d+) spans to ClickHouse, dropped (?<dropped>\d+) spans, refused (?<refused>\d+) requests, took [\d.]+ s")]
    private static partial Regex Summary();
}

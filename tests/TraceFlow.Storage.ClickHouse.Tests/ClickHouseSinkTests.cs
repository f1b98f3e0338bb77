using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseSinkTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeptTraces_AreWrittenInBatches_AndReadBackWhole()
    {
        var options = Options(batchSize: 50, capacity: 10_000);
        using var database = TestDatabase.Open(options);
        var sink = Sink(database, options);
        await sink.StartAsync(Cancel);
        var traces = Enumerable.Range(0, 40).Select(i => Trace(spans: 1 + (i % 5))).ToList();

        traces.ForEach(sink.Enqueue);
        await WaitUntilStoredAsync(database, traces.Sum(t => t.Spans.Length));
        await sink.StopAsync(Cancel);

        var queries = new ClickHouseTraceQueries(database);
        foreach (var trace in traces.Take(5))
        {
            var read = await queries.GetTraceAsync(trace.Key, Cancel);
            Assert.Equal(trace.Spans.Select(s => s.SpanId).Order(), read!.Spans.Select(s => s.SpanId).Order());
        }

        Assert.Equal(0, sink.QueuedSpans);
    }

    [Fact]
    public async Task AnOutage_LosesNoKeptSpan_AndWritesEachOnce()
    {
        Assert.SkipUnless(server.Owned, "needs a server the tests run (and can stop)");
        var options = Options(batchSize: 100, capacity: 10_000);
        using var database = TestDatabase.Open(options);
        var sink = Sink(database, options);
        await sink.StartAsync(Cancel);
        var before = Enumerable.Range(0, 20).Select(_ => Trace(spans: 3)).ToList();
        before.ForEach(sink.Enqueue);
        await WaitUntilStoredAsync(database, 60);
        await Poll.UntilAsync(() => Task.FromResult(sink.QueuedSpans), n => n == 0, "the first batches to be written whole");
        var failuresBefore = ClickHouseMetrics.WriteFailures.Value;

        await server.StopAsync();
        try
        {
            var during = Enumerable.Range(0, 50).Select(_ => Trace(spans: 4)).ToList();
            during.ForEach(sink.Enqueue);
            await Poll.UntilAsync(() => Task.FromResult(ClickHouseMetrics.WriteFailures.Value), f => f > failuresBefore, "the sink to notice the outage");
            Assert.Equal(200, sink.QueuedSpans);
        }
        finally
        {
            await server.StartAsync(); // whatever happened, the other tests need their server
        }

        await WaitUntilStoredAsync(database, 260);
        await sink.StopAsync(Cancel);
        var rows = await database.QueryAsync(
            $"SELECT count() AS spans, uniqExact(trace_id, span_id) AS distinct_spans FROM {database.Table("spans")} FINAL", [], Cancel);
        Assert.Equal(260, SpanTable.Int(rows[0], "spans"));
        Assert.Equal(260, SpanTable.Int(rows[0], "distinct_spans"));
        Assert.Equal(0, sink.QueuedSpans);
    }

    [Fact]
    public async Task WhileClickHouseIsAway_TheQueueAsksForBackpressureAtItsHighWaterMark_AndNeverDropsAKeptTrace()
    {
        var options = Options(batchSize: 10, capacity: 100) with { Url = "http://127.0.0.1:1" };
        using var database = TestDatabase.Open(options);
        var sink = Sink(database, options);
        await sink.StartAsync(Cancel);
        var dropped = Grains.Diagnostics.GrainsMetrics.SpansDropped.GetAllLabelValues().Sum(l => Grains.Diagnostics.GrainsMetrics.SpansDropped.WithLabels(l).Value);

        for (var i = 0; i < 7; i++)
        {
            sink.Enqueue(Trace(spans: 10));
        }

        Assert.False(sink.Saturated(liveTraces: 0, liveSpans: 0));

        // Spans the silo holds undecided count too: they may all be kept and queue here.
        Assert.True(sink.Saturated(liveTraces: 1, liveSpans: 10));
        sink.Enqueue(Trace(spans: 10));
        Assert.True(sink.Saturated(liveTraces: 0, liveSpans: 0));

        // Past the capacity: traces admitted before the refusal were acknowledged, so they still queue.
        sink.Enqueue(Trace(spans: 20));
        sink.Enqueue(Trace(spans: 30));
        Assert.Equal(130, sink.QueuedSpans);
        Assert.Equal(dropped, Grains.Diagnostics.GrainsMetrics.SpansDropped.GetAllLabelValues().Sum(l => Grains.Diagnostics.GrainsMetrics.SpansDropped.WithLabels(l).Value));
        await sink.StopAsync(new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token);
    }

    private ClickHouseOptions Options(int batchSize, int capacity) => TestDatabase.Options(server) with
    {
        BatchSize = batchSize,
        QueueCapacity = capacity,
        FlushInterval = TimeSpan.FromMilliseconds(50),
    };

    private static ClickHouseSink Sink(ClickHouseDatabase database, ClickHouseOptions options) =>
        new(database, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);

    private static async Task WaitUntilStoredAsync(ClickHouseDatabase database, long spans) =>
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    var rows = await database.QueryAsync($"SELECT uniqExact(trace_id, span_id) AS n FROM {database.Table("spans")}", [], Cancel);
                    return SpanTable.Int(rows[0], "n");
                }
                catch (Exception ex) when (ex is HttpRequestException or global::ClickHouse.Driver.ClickHouseServerException)
                {
                    return -1; // server restarting, or the sink has not created the tables yet
                }
            },
            n => n == spans,
            $"{spans} spans in ClickHouse");

    private static StoredTrace Trace(int spans)
    {
        var id = Guid.NewGuid().ToString("N");
        return new StoredTrace(
            new TraceKey(TraceKey.DefaultTenant, id),
            [.. Enumerable.Range(0, spans).Select(i => new Span
            {
                TraceId = id,
                SpanId = $"{i + 1:x16}",
                ParentSpanId = i == 0 ? null : $"{1:x16}",
                Service = "svc",
                Operation = "op",
                StartUnixNanos = 1_700_000_000_000_000_000 + i,
                DurationNanos = 10,
            })],
            new SamplingDecision(true, "always_sample"));
    }
}

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>
/// The whole collector under steady load while its ClickHouse server dies and comes back on the
/// same port and data: every span ingest acknowledged is stored, exactly once. The outage lasts
/// <see cref="OutageVariable"/> seconds (3 by default, to keep the suite fast;
/// <c>scripts/bench.sh --clickhouse-outage 60</c> measures a minute against a collector process).
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseOutageTests(ClickHouseServer server)
{
    public const string OutageVariable = "TRACEFLOW_TEST_CLICKHOUSE_OUTAGE_SECONDS";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static TimeSpan Outage => TimeSpan.FromSeconds(
        Environment.GetEnvironmentVariable(OutageVariable) is { Length: > 0 } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : 3);

    [Fact]
    public async Task AnOutageUnderLoad_LosesNoAcknowledgedSpan_AndPushesBackWithRetryAfterOnceTheQueueIsFull()
    {
        Assert.SkipUnless(server.Owned, "needs a server the tests run (and can stop)");
        var options = TestDatabase.Options(server);

        // A queue far smaller than the outage's spans, so the outage outlasts it, and smaller than
        // what a trace admitted just before it filled goes on to hold (see SteadySpanLoad).
        using var factory = new ClickHouseGatewayFactory(options, new Dictionary<string, string>
        {
            ["TraceFlow:ClickHouse:QueueCapacity"] = "1000",
            ["TraceFlow:ClickHouse:BatchSize"] = "500",
            ["TraceFlow:Traces:DecisionWait"] = "00:00:00.200",
        });
        using var http = factory.CreateClient();
        using var database = TestDatabase.Open(options);
        var load = new SteadySpanLoad(http, senders: 2, pace: TimeSpan.FromMilliseconds(300));
        load.Start();
        await Poll.UntilAsync(() => StoredSpansAsync(database), n => n > 0, "the first spans in ClickHouse");

        await server.StopAsync();
        try
        {
            // The fault's length is the scenario, not a wait for something to happen.
            await Task.Delay(Outage, Cancel);
            Assert.True(load.Refused > 0, "the load should have been refused while the queue was full");
        }
        finally
        {
            await server.StartAsync(); // whatever happened, the other tests need their server
        }

        var acknowledgedAtRestart = load.AcknowledgedSpans;
        await Poll.UntilAsync(() => Task.FromResult(load.AcknowledgedSpans), n => n > acknowledgedAtRestart + 100, "ingest to take spans again");
        await load.StopAsync();

        var acknowledged = load.Acknowledged;
        var expected = acknowledged.Values.Sum();
        await Poll.UntilAsync(() => StoredSpansAsync(database), n => n >= expected, $"{expected} acknowledged spans in ClickHouse", TimeSpan.FromSeconds(60));
        var stored = await StoredByTraceAsync(database);
        Assert.Equal(0, load.RefusedWithoutRetryAfter);
        Assert.Equal(acknowledged.Count, stored.Count);
        Assert.All(acknowledged, trace => Assert.Equal(((long)trace.Value, (long)trace.Value), stored.GetValueOrDefault(trace.Key)));
        var sink = factory.Services.GetRequiredService<ClickHouseSink>();
        await Poll.UntilAsync(() => Task.FromResult(sink.QueuedSpans), n => n == 0, "the writer to finish its last batch");
    }

    private static async Task<long> StoredSpansAsync(ClickHouseDatabase database)
    {
        try
        {
            var rows = await database.QueryAsync($"SELECT uniqExact(trace_id, span_id) AS n FROM {database.Table("spans")}", [], Cancel);
            return SpanTable.Int(rows[0], "n");
        }
        catch (Exception ex) when (ex is HttpRequestException or global::ClickHouse.Driver.ClickHouseServerException)
        {
            return -1; // server restarting, or the collector has not created the tables yet
        }
    }

    /// <summary>Per trace: rows, and distinct spans (equal when no span was written twice).</summary>
    private static async Task<Dictionary<string, (long Rows, long Spans)>> StoredByTraceAsync(ClickHouseDatabase database)
    {
        var rows = await database.QueryAsync(
            $"SELECT trace_id, count() AS n, uniqExact(span_id) AS u FROM {database.Table("spans")} GROUP BY trace_id", [], Cancel);
        return rows.ToDictionary(r => SpanTable.Text(r, "trace_id"), r => (SpanTable.Int(r, "n"), SpanTable.Int(r, "u")), StringComparer.Ordinal);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Retention;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

[Collection(ClickHouseCollection.Name)]
public sealed class PartitionRetentionTests(ClickHouseServer server)
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnlyDaysBeforeTheRetentionWindow_AreDropped_FromEveryTable()
    {
        using var database = await TestDatabase.CreateAsync(server);
        var (old, edge, recent) = (TraceOn(Today.AddDays(-10)), TraceOn(Today.AddDays(-7)), TraceOn(Today));
        await new ClickHouseSpanWriter(database).WriteAsync([old, edge, recent], Cancel);
        var retention = new PartitionRetention(database, NullLogger<PartitionRetention>.Instance);

        var dropped = await retention.DropBeforeAsync(Today.AddDays(-7), Cancel);

        Assert.Equal([.. PartitionRetention.Tables.Order(StringComparer.Ordinal).Select(t => (t, "2026-11-22"))], dropped);
        var queries = new ClickHouseTraceQueries(database);
        Assert.Null(await queries.GetTraceAsync(old.Key, Cancel));
        Assert.NotNull(await queries.GetTraceAsync(edge.Key, Cancel));
        Assert.NotNull(await queries.GetTraceAsync(recent.Key, Cancel));
        foreach (var table in PartitionRetention.Tables)
        {
            var days = await database.QueryAsync($"SELECT DISTINCT date FROM {database.Table(table)} ORDER BY date", [], Cancel);
            Assert.Equal(["2026-11-25", "2026-12-02"], days.Select(r => SpanTable.Text(r, "date")));
        }
    }

    [Fact]
    public async Task RunningAgain_DropsNothingMore()
    {
        using var database = await TestDatabase.CreateAsync(server);
        await new ClickHouseSpanWriter(database).WriteAsync([TraceOn(Today.AddDays(-30)), TraceOn(Today)], Cancel);
        var retention = new PartitionRetention(database, NullLogger<PartitionRetention>.Instance);

        Assert.Equal(PartitionRetention.Tables.Count, (await retention.DropBeforeAsync(Today.AddDays(-7), Cancel)).Count);
        Assert.Empty(await retention.DropBeforeAsync(Today.AddDays(-7), Cancel));
    }

    private static StoredTrace TraceOn(DateOnly day)
    {
        var id = Guid.NewGuid().ToString("N");
        var start = (day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100;
        return new StoredTrace(
            new TraceKey(TraceKey.DefaultTenant, id),
            [
                new Span { TraceId = id, SpanId = "0000000000000001", Service = "svc", Operation = "op", StartUnixNanos = start, DurationNanos = 2 },
                new Span { TraceId = id, SpanId = "0000000000000002", ParentSpanId = "0000000000000001", Service = "db", Operation = "q", StartUnixNanos = start, DurationNanos = 1 },
            ],
            new SamplingDecision(true, "always_sample"));
    }
}

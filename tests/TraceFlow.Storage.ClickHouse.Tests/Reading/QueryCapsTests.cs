using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>The server-side caps of query mode: result size, the default time window, the query timeout.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class QueryCapsTests(ClickHouseServer server) : IAsyncLifetime
{
    private const long NanosPerHour = 3_600_000_000_000;
    private static readonly DateTimeOffset Now = new(2024, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private ClickHouseDatabase? database;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ClickHouseDatabase Database => database ?? throw new InvalidOperationException("not initialised");

    private ClickHouseTraceReader Reader => new(Database, Options.Create(new ClickHouseOptions { Url = server.Url }), time);

    private ClickHouseStatsReader Stats => new(Database, Options.Create(new ClickHouseOptions { Url = server.Url }), time);

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync(server);

    public ValueTask DisposeAsync()
    {
        database?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FindTraces_NeverReturnsMoreThanMaxLimit()
    {
        var start = Now.ToUnixTimeMilliseconds() * 1_000_000 - NanosPerHour;
        await new ClickHouseSpanWriter(Database).WriteAsync([.. Enumerable.Range(0, TraceQuery.MaxLimit + 5).Select(i => Trace($"t{i:d5}", start + i))], Cancel);

        Assert.Equal(TraceQuery.MaxLimit, (await Reader.FindTracesAsync(new TraceQuery { Limit = 1_000_000_000 }, Cancel)).Count);
        Assert.Equal(TraceQuery.MaxLimit, (await Reader.FindTracesAsync(new TraceQuery { Limit = int.MaxValue, Service = "svc" }, Cancel)).Count);
        Assert.Equal(3, (await Reader.FindTracesAsync(new TraceQuery { Limit = 3 }, Cancel)).Count);
        Assert.Empty(await Reader.FindTracesAsync(new TraceQuery { Limit = 0 }, Cancel));
        Assert.Empty(await Reader.FindTracesAsync(new TraceQuery { Limit = -1 }, Cancel));
        Assert.Equal(["t01004", "t01003"], (await Reader.FindTracesAsync(new TraceQuery { Limit = 2 }, Cancel)).Select(s => s.TraceId));
    }

    [Fact]
    public async Task Reads_WithoutAStart_CoverOnlyTheDefaultWindow()
    {
        var now = Now.ToUnixTimeMilliseconds() * 1_000_000;
        await new ClickHouseSpanWriter(Database).WriteAsync(
            [Trace("old", now - (72 * NanosPerHour), "before"), Trace("recent", now - NanosPerHour, "within"), Trace("edge", now - (23 * NanosPerHour), "edge")],
            Cancel);

        Assert.Equal(["recent", "edge"], (await Reader.FindTracesAsync(new TraceQuery(), Cancel)).Select(s => s.TraceId));
        Assert.Equal(["recent", "edge", "old"], (await Reader.FindTracesAsync(new TraceQuery { StartFromUnixNanos = 0 }, Cancel)).Select(s => s.TraceId));
        Assert.Equal(["old"], (await Reader.FindTracesAsync(new TraceQuery { StartToUnixNanos = now - (48 * NanosPerHour) }, Cancel)).Select(s => s.TraceId));
        Assert.Equal(["edge", "within"], await Reader.GetAttributeValuesAsync(TraceKey.DefaultTenant, "k", 10, Cancel));
        Assert.Equal(2, (await Stats.GetStatsAsync(TraceKey.DefaultTenant, null, null, Cancel)).TraceCount);
        Assert.Equal(3, (await Stats.GetStatsAsync(TraceKey.DefaultTenant, 0, null, Cancel)).TraceCount);

        // Named traces are found whenever they were written: the window is for searches only.
        Assert.NotNull(await Reader.GetTraceAsync(new TraceKey(TraceKey.DefaultTenant, "old"), Cancel));
    }

    [Fact]
    public async Task AQuery_RunningPastTheQueryTimeout_IsStoppedByTheServer()
    {
        using var slow = TestDatabase.Open(new ClickHouseOptions { Url = server.Url, Database = Database.Name, QueryTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => slow.QueryAsync("SELECT count() FROM system.numbers", [], Cancel));

        Assert.Contains("Timeout exceeded", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static StoredTrace Trace(string id, long start, string? value = null) => new(
        new TraceKey(TraceKey.DefaultTenant, id),
        [new Span
        {
            TraceId = id,
            SpanId = "0000000000000001",
            Service = "svc",
            Operation = "op",
            StartUnixNanos = start,
            DurationNanos = 1_000,
            Attributes = value is null ? [] : [new("k", value)],
        }],
        new SamplingDecision(true, "always_sample"));
}

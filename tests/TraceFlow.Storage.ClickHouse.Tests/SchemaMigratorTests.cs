using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

[Collection(ClickHouseCollection.Name)]
public sealed class SchemaMigratorTests(ClickHouseServer server)
{
    private static readonly string[] AllTables =
        [
            "dependency_edges", "schema_migrations", "span_names", "span_names_writer", "span_stats", "span_stats_writer",
            "spans", "trace_index", "traces",
        ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_Twice_AppliesEachStepOnce()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);

        var first = await migrator.MigrateAsync(Migrations.All, Cancel);
        var second = await migrator.MigrateAsync(Migrations.All, Cancel);

        Assert.Equal(Migrations.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(Migrations.All.Select(m => m.Version), await migrator.AppliedAsync(Cancel));
        Assert.Equal(AllTables, await TablesAsync(database));
    }

    [Fact]
    public async Task ADatabaseAtAnOlderVersion_GetsOnlyTheStepsItLacks()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        await migrator.MigrateAsync([Migrations.Spans], Cancel);
        Assert.Equal(["schema_migrations", "spans"], await TablesAsync(database));

        var applied = await migrator.MigrateAsync(Migrations.All, Cancel);

        Assert.Equal([Migrations.TraceIndex.Version, Migrations.SpanNames.Version, Migrations.Traces.Version, Migrations.SpanStats.Version, Migrations.DependencyEdges.Version, Migrations.DependencyDurations.Version], applied);
        Assert.Equal(AllTables, await TablesAsync(database));
    }

    [Fact]
    public async Task TracesWrittenUnderSchema3_AreFoundAndCounted_AfterMigratingToTheLatest()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        await migrator.MigrateAsync([Migrations.Spans, Migrations.TraceIndex, Migrations.SpanNames], Cancel);
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        var trace = new StoredTrace(
            new TraceKey(TraceKey.DefaultTenant, "0af7651916cd43dd8448eb211c80319c"),
            [
                new Span { TraceId = "0af7651916cd43dd8448eb211c80319c", SpanId = "b7ad6b7169203331", Service = "shop", Operation = "GET /cart", StartUnixNanos = start, DurationNanos = 250_000_000 },
                new Span { TraceId = "0af7651916cd43dd8448eb211c80319c", SpanId = "00f067aa0ba902b7", ParentSpanId = "b7ad6b7169203331", Service = "db", Operation = "SELECT", StartUnixNanos = start + 1_000_000, DurationNanos = 40_000_000, Status = SpanStatusCode.Error },
            ],
            new SamplingDecision(true, "errors"));

        // What the writer of schema 3 inserted: spans and index rows only.
        await database.InsertAsync(SpanTable.Name, SpanTable.Columns.Names, SpanTable.Columns.Types, [.. trace.Spans.Select(s => SpanTable.Row(trace.Key, s, "errors"))], Cancel);
        await database.InsertAsync(TraceIndexTable.Name, TraceIndexTable.Columns.Names, TraceIndexTable.Columns.Types, [.. TraceIndexTable.Rows(trace)], Cancel);
        await migrator.MigrateAsync(Migrations.All, Cancel);

        var options = Microsoft.Extensions.Options.Options.Create(new ClickHouseOptions());
        var found = await new ClickHouseTraceReader(database, options, TimeProvider.System).FindTracesAsync(new TraceQuery { Service = "db", Status = SpanStatusCode.Error }, Cancel);
        var stats = await new ClickHouseStatsReader(database, options, TimeProvider.System).GetStatsAsync(TraceKey.DefaultTenant, null, null, Cancel);
        var calls = await new ClickHouseTraceReader(database, options, TimeProvider.System).GetDependenciesAsync(TraceKey.DefaultTenant, start - 1, start + 1, Cancel);

        var summary = Assert.Single(found);
        Assert.Equal((trace.Key.TraceId, "shop", 2), (summary.TraceId, summary.RootService, summary.SpanCount));
        Assert.Equal((2L, 1L, 1L), (stats.SpanCount, stats.ErrorSpanCount, stats.TraceCount));
        Assert.Equal(250, stats.TraceDurations.P50Ms);
        Assert.Equal(40, stats.Services.Single(s => s.Service == "db").Totals.Durations.MaxMs);
        Assert.Equal([new ServiceCall("shop", "db", 1, 1)], calls);
    }

    [Fact]
    public async Task CallsWrittenUnderSchema6_StillCount_ButLeaveTheLatencyToTheCallsWrittenWithDurations()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        var older = Migrations.All.Where(m => m.Version <= Migrations.DependencyEdges.Version).ToList();
        await migrator.MigrateAsync(older, Cancel);
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        var before = CallTrace("0af7651916cd43dd8448eb211c80319c", start, 5_000_000);
        var after = CallTrace("1af7651916cd43dd8448eb211c80319c", start + 1_000, 40_000_000, 60_000_000);

        // What the writer of schema 6 inserted: the spans, the trace row and the calls without their durations.
        await database.InsertAsync(SpanTable.Name, SpanTable.Columns.Names, SpanTable.Columns.Types, [.. before.Spans.Select(s => SpanTable.Row(before.Key, s, "always_sample"))], Cancel);
        await database.InsertAsync(TracesTable.Name, TracesTable.Columns.Names, TracesTable.Columns.Types, [.. TracesTable.Rows(before)], Cancel);
        var columns = DependencyEdgesTable.Columns.Names.Where(c => c != "durations_nanos").ToList();
        await database.InsertAsync(DependencyEdgesTable.Name, columns, DependencyEdgesTable.Columns.Types, [.. DependencyEdgesTable.Rows(before).Select(r => r[..^1])], Cancel);
        Assert.Equal([Migrations.DependencyDurations.Version], await migrator.MigrateAsync(Migrations.All, Cancel));
        await new ClickHouseSpanWriter(database).WriteAsync([after], Cancel);

        var options = Microsoft.Extensions.Options.Options.Create(new ClickHouseOptions());
        var edge = Assert.Single(await new ClickHouseTraceReader(database, options, TimeProvider.System).GetDependencyEdgesAsync(TraceKey.DefaultTenant, start - 1, start + 1_000, Cancel));

        Assert.Equal(new ServiceCall("shop", "db", 3, 0), edge.Call);
        Assert.Equal((2L, 40.0, 60.0, 60.0, 40.0, 60.0, 50.0), (edge.Latency.Count, edge.Latency.P50Ms, edge.Latency.P95Ms, edge.Latency.P99Ms, edge.Latency.MinMs, edge.Latency.MaxMs, edge.Latency.MeanMs));
    }

    [Fact]
    public async Task AColumnAddedBeforeAStartStoppedHalfWay_IsNotAddedAgain()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        await migrator.MigrateAsync([.. Migrations.All.Where(m => m.Version < Migrations.DependencyDurations.Version)], Cancel);
        var column = Assert.Single(Migrations.DependencyDurations.AddedColumns);
        await database.ExecuteAsync($"ALTER TABLE {database.Table(column.Table)} ADD COLUMN {column.Name} {column.Type}", Cancel);

        Assert.Equal([Migrations.DependencyDurations.Version], await migrator.MigrateAsync(Migrations.All, Cancel));
        Assert.Equal(Migrations.All.Select(m => m.Version), await migrator.AppliedAsync(Cancel));
    }

    [Fact]
    public async Task TwoSilosMigratingAtOnce_LeaveOneSchema()
    {
        var options = TestDatabase.Options(server);
        using var one = TestDatabase.Open(options);
        using var two = TestDatabase.Open(options);

        await Task.WhenAll(TestDatabase.Migrator(one).MigrateAsync(Migrations.All, Cancel), TestDatabase.Migrator(two).MigrateAsync(Migrations.All, Cancel));

        Assert.Equal(Migrations.All.Select(m => m.Version), await TestDatabase.Migrator(one).AppliedAsync(Cancel));
        Assert.Empty(await TestDatabase.Migrator(two).MigrateAsync(Migrations.All, Cancel));
    }

    [Fact]
    public async Task ASiloBehindAnother_RunsAnOlderFill_AfterTheOtherAddedAColumn()
    {
        // What two silos starting together can interleave into: the slower one read the applied
        // steps before the faster one finished, so it fills dependency_edges after step 7 added a column.
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        await migrator.MigrateAsync([.. Migrations.All.Where(m => m.Version < Migrations.DependencyEdges.Version)], Cancel);
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        var trace = CallTrace("4bf92f3577b34da6a3ce929d0e0e4736", start, 40_000_000);
        await database.InsertAsync(SpanTable.Name, SpanTable.Columns.Names, SpanTable.Columns.Types, [.. trace.Spans.Select(s => SpanTable.Row(trace.Key, s, "always_sample"))], Cancel);
        await database.ExecuteAsync(Migrations.DependencyEdges.Statements[0].Replace("{db}", database.Name, StringComparison.Ordinal), Cancel);
        var column = Assert.Single(Migrations.DependencyDurations.AddedColumns);
        await database.ExecuteAsync($"ALTER TABLE {database.Table(column.Table)} ADD COLUMN {column.Name} {column.Type}", Cancel);

        Assert.Equal([Migrations.DependencyEdges.Version, Migrations.DependencyDurations.Version], await migrator.MigrateAsync(Migrations.All, Cancel));

        var options = Microsoft.Extensions.Options.Options.Create(new ClickHouseOptions());
        var edge = Assert.Single(await new ClickHouseTraceReader(database, options, TimeProvider.System).GetDependencyEdgesAsync(TraceKey.DefaultTenant, start - 1, start + 1_000, Cancel));
        Assert.Equal(new ServiceCall("shop", "db", 1, 0), edge.Call);
    }

    /// <summary>A trace in which the service "shop" calls "db" once per duration given.</summary>
    private static StoredTrace CallTrace(string traceId, long start, params long[] callNanos) => new(
        new TraceKey(TraceKey.DefaultTenant, traceId),
        [
            new Span { TraceId = traceId, SpanId = "b7ad6b7169203331", Service = "shop", Operation = "GET /cart", StartUnixNanos = start, DurationNanos = 250_000_000 },
            .. callNanos.Select((duration, i) => new Span
            {
                TraceId = traceId,
                SpanId = $"00f067aa0ba902b{i}",
                ParentSpanId = "b7ad6b7169203331",
                Service = "db",
                Operation = "SELECT",
                StartUnixNanos = start + 1 + i,
                DurationNanos = duration,
            }),
        ],
        new SamplingDecision(true, "always_sample"));

    private static async Task<IReadOnlyList<string>> TablesAsync(ClickHouseDatabase database)
    {
        var rows = await database.QueryAsync(
            "SELECT name FROM system.tables WHERE database = {database:String} ORDER BY name", [QueryParameter.Text("database", database.Name)], Cancel);
        return [.. rows.Select(r => r.GetProperty("name").GetString()!)];
    }
}

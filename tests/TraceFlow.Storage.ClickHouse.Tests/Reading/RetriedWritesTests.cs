using System.Globalization;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>
/// A write repeated after a failure (an insert can land and still be reported failed) adds no
/// span row. Rows written twice anyway (a span sent twice, a writer before this rule) change no
/// trace answer, nor when ClickHouse merges them, which may be never; span statistics, read from
/// a rollup of inserted rows, count them as written.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class RetriedWritesTests(ComparisonData data) : IClassFixture<ComparisonData>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryWriteRepeatedAfterAFailure_AddsNoSpanRow_AndChangesNoAnswer()
    {
        var before = await AnswersAsync(withStats: true);
        var rowsBefore = await SpanRowsAsync();

        var writer = new ClickHouseSpanWriter(data.Database);
        foreach (var chunk in data.Writes.Chunk(100))
        {
            await writer.WriteAgainAsync(chunk, Cancel);
        }

        Assert.Equal(rowsBefore, await SpanRowsAsync());
        Assert.Equal(before, await AnswersAsync(withStats: true));
    }

    [Fact]
    public async Task RowsWrittenTwice_ChangeNoTraceAnswer_BeforeOrAfterTheyMerge()
    {
        var before = await AnswersAsync(withStats: false);
        var rowsBefore = await SpanRowsAsync();

        var writer = new ClickHouseSpanWriter(data.Database);
        foreach (var chunk in data.Writes.Chunk(100))
        {
            await writer.WriteAsync(chunk, Cancel);
        }

        Assert.True(await SpanRowsAsync() > rowsBefore, "the repeated writes should have added rows");
        Assert.Equal(before, await AnswersAsync(withStats: false));

        // And once ClickHouse has folded the duplicates away.
        var spans = data.Database.Table("spans");
        await data.Database.ExecuteAsync($"SYSTEM START MERGES {spans}", Cancel);
        await data.Database.ExecuteAsync($"OPTIMIZE TABLE {spans} FINAL", Cancel);
        Assert.Equal(UniqueSpans(), await SpanRowsAsync());
        Assert.Equal(before, await AnswersAsync(withStats: false));
    }

    private long UniqueSpans() =>
        data.Reference.All(ComparisonData.Tenant).Sum(t => t.Spans.Length) + data.Reference.All(ComparisonData.OtherTenant).Sum(t => t.Spans.Length);

    private async Task<IReadOnlyList<string>> AnswersAsync(bool withStats)
    {
        var reader = data.Reader;
        var tenant = ComparisonData.Tenant;
        var everything = await reader.FindTracesAsync(new TraceQuery { Limit = TraceQuery.MaxLimit }, Cancel);
        var stats = await data.Stats.GetStatsAsync(tenant, null, null, Cancel);
        IEnumerable<string> statsAnswers =
        [
            .. stats.Services.Select(s => $"{s.Service} {s.Totals.SpanCount} {s.Totals.ErrorCount} {Rounded(s.Totals.Durations)}"),
            string.Create(CultureInfo.InvariantCulture, $"{stats.SpanCount} {stats.ErrorSpanCount} {stats.TraceCount} {Rounded(stats.TraceDurations)}"),
        ];
        return
        [
            .. Answers.Of(everything),
            .. Answers.Of(await reader.FindTracesAsync(new TraceQuery { Service = "payment", Tags = [new("env", "prod")], Limit = TraceQuery.MaxLimit }, Cancel)),
            .. Answers.Of(await reader.GetTracesAsync(tenant, [.. everything.Select(s => s.TraceId)], Cancel)),
            .. Answers.Of(await reader.GetCatalogAsync(tenant, Cancel)),
            .. Answers.Of(await reader.GetDependenciesAsync(tenant, long.MinValue, long.MaxValue, Cancel)),
            .. Answers.Of(await reader.GetDependencyEdgesAsync(tenant, long.MinValue, long.MaxValue, Cancel)),
            .. await reader.GetAttributeValuesAsync(tenant, "build", 5, Cancel),
            .. withStats ? statsAnswers : [],
        ];
    }

    /// <summary>Sums of floating-point values may differ in the last bits with the order ClickHouse adds them in.</summary>
    private static string Rounded(LatencySummary l) =>
        string.Create(CultureInfo.InvariantCulture, $"n={l.Count} p50={l.P50Ms:F6} p95={l.P95Ms:F6} p99={l.P99Ms:F6} min={l.MinMs:F6} max={l.MaxMs:F6} mean={l.MeanMs:F6}");

    private async Task<long> SpanRowsAsync()
    {
        var rows = await data.Database.QueryAsync($"SELECT count() AS n FROM {data.Database.Table("spans")}", [], Cancel);
        return SpanTable.Int(rows[0], "n");
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using static TraceFlow.Storage.ClickHouse.Tests.Infrastructure.TraceDataSet;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>
/// Query values shaped like SQL, placeholders or escapes (RELIABILITY row 19) are only ever
/// values: they find nothing, change nothing, and stored names shaped like them are found by
/// exactly those names.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class HostileQueryTests(ComparisonData data) : IClassFixture<ComparisonData>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> HostileValues() => new(
        "' OR 1=1 --",
        "' OR '1'='1",
        "\\' OR 1=1 --",
        "\\",
        "\\\\'",
        "x') OR trace_id != ('",
        "'; DROP TABLE spans; --",
        "{p0:String}",
        "{p1:Int64}) OR (1=1",
        "{tenant:String}",
        "%' OR '%'='",
        "\0'\n\r\t\u2028",
        string.Concat(Enumerable.Repeat("' OR 1=1 -- \\ {p0:String} ", 400)), // 10 KB
        new string('\'', 10_240));

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task HostileValues_FindNothing_AndHarmNothing(string hostile)
    {
        var reader = data.Reader;
        var everything = new TraceQuery { Limit = TraceQuery.MaxLimit };
        foreach (var across in new[] { false, true })
        {
            foreach (var query in new TraceQuery[]
            {
                new() { Service = hostile }, new() { Operation = hostile }, new() { RemoteService = hostile },
                new() { Tags = [new(hostile, "prod")] }, new() { Tags = [new("env", hostile)] }, new() { Tags = [new(hostile, hostile)] },
                new() { Terms = [hostile] }, new() { Tenant = hostile }, new() { Service = "frontend", Tags = [new("env", hostile)], Terms = [hostile] },
            })
            {
                Assert.Empty(await reader.FindTracesAsync(query with { ConditionsAcrossSpans = across, Limit = TraceQuery.MaxLimit }, Cancel));
            }
        }

        Assert.Null(await reader.GetTraceAsync(new TraceKey(ComparisonData.Tenant, hostile), Cancel));
        Assert.Null(await reader.GetTraceAsync(new TraceKey(hostile, data.Writes[0].Key.TraceId), Cancel));
        Assert.Empty(await reader.GetTracesAsync(hostile, [data.Writes[0].Key.TraceId, hostile], Cancel));
        Assert.Empty(Answers.Of(await reader.GetCatalogAsync(hostile, Cancel)));
        Assert.Empty(await reader.GetDependenciesAsync(hostile, long.MinValue, long.MaxValue, Cancel));
        Assert.Empty(await reader.GetAttributeValuesAsync(ComparisonData.Tenant, hostile, 100, Cancel));
        Assert.Empty(await reader.GetAttributeValuesAsync(hostile, "env", 100, Cancel));
        Assert.Equal(0, (await data.Stats.GetStatsAsync(hostile, null, null, Cancel)).SpanCount);

        // And everything is still there, as it was.
        Assert.Equal(Answers.Of(await data.Reference.FindTracesAsync(everything, Cancel)), Answers.Of(await reader.FindTracesAsync(everything, Cancel)));
    }

    [Fact]
    public async Task StoredHostileNames_AreFoundByExactlyThoseNames()
    {
        var reader = data.Reader;
        var hostile = HostileTrace(ComparisonData.Tenant, ComparisonData.TraceCount).Key.TraceId;

        foreach (var query in new TraceQuery[]
        {
            new() { Service = HostileService }, new() { Operation = HostileOperation }, new() { RemoteService = HostileService },
            new() { Tags = [new(HostileKey, HostileValue)] }, new() { Terms = [HostileKey] }, new() { Terms = [HostileEvent] },
            new() { Service = HostileService, Operation = HostileOperation, Tags = [new(HostileKey, HostileValue)], Terms = [HostileEvent], RemoteService = HostileService },
        })
        {
            Assert.Equal([hostile], (await reader.FindTracesAsync(query, Cancel)).Select(s => s.TraceId));
        }

        Assert.Empty(await reader.FindTracesAsync(new TraceQuery { Service = HostileService[..^1] }, Cancel));
        Assert.Empty(await reader.FindTracesAsync(new TraceQuery { Tags = [new(HostileKey, HostileValue + " ")] }, Cancel));
        Assert.Equal([HostileValue], await reader.GetAttributeValuesAsync(ComparisonData.Tenant, HostileKey, 10, Cancel));
        Assert.Contains(HostileService, (await reader.GetCatalogAsync(ComparisonData.Tenant, Cancel)).Services);
    }
}

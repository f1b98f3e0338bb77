using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;
using static TraceFlow.Storage.ClickHouse.Tests.Infrastructure.TraceDataSet;

namespace TraceFlow.Storage.ClickHouse.Tests.Reading;

/// <summary>
/// The ClickHouse reader against the in-memory store on the same writes (late spans and retried
/// writes among them): every <see cref="ITraceReader"/> method must give the same answer.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseTraceReaderTests(ComparisonData data) : IClassFixture<ComparisonData>
{
    private const long Ms = NanosPerMilli;
    private const long TraceGap = 97_000 * Ms;

    /// <summary>Searches by name; each also runs with every span condition met by different spans (Zipkin).</summary>
    private static readonly Dictionary<string, TraceQuery> Queries = new(StringComparer.Ordinal)
    {
        ["everything"] = new() { Limit = TraceQuery.MaxLimit },
        ["the default limit"] = new(),
        ["service"] = new() { Service = "checkout", Limit = 1_000 },
        ["service with a space"] = new() { Service = "auth svc", Limit = 1_000 },
        ["service and operation"] = new() { Service = "payment", Operation = "charge", Limit = 1_000 },
        ["operation alone"] = new() { Operation = "reserve", Limit = 1_000 },
        ["client operation"] = new() { Operation = "call db", Limit = 1_000 },
        ["span attribute"] = new() { Tags = [new("http.status_code", "500")], Limit = 1_000 },
        ["resource attribute"] = new() { Tags = [new("deployment.environment.name", "staging")], Limit = 1_000 },
        ["event attribute"] = new() { Tags = [new("exception.type", "TimeoutException")], Limit = 1_000 },
        ["two tags"] = new() { Tags = [new("env", "staging"), new("http.status_code", "500")], Limit = 1_000 },
        ["service and tag"] = new() { Service = "inventory", Tags = [new("env", "staging")], Limit = 1_000 },
        ["event name term"] = new() { Terms = ["retry"], Limit = 1_000 },
        ["attribute key term"] = new() { Terms = [TraceQuery.PeerServiceAttribute], Limit = 1_000 },
        ["service and two terms"] = new() { Service = "payment", Terms = ["exception", "env"], Limit = 1_000 },
        ["remote service"] = new() { RemoteService = "db", Limit = 1_000 },
        ["service and remote service"] = new() { Service = "frontend", RemoteService = "checkout", Limit = 1_000 },
        ["operation and remote service"] = new() { Service = "checkout", Operation = "call payment", RemoteService = "payment", Limit = 1_000 },
        ["minimum duration"] = new() { MinDurationNanos = 1_800 * Ms, Limit = 1_000 },
        ["maximum duration"] = new() { MaxDurationNanos = 600 * Ms, Limit = 1_000 },
        ["duration range"] = new() { MinDurationNanos = 900 * Ms, MaxDurationNanos = 1_500 * Ms, Limit = 1_000 },
        ["errors"] = new() { Status = SpanStatusCode.Error, Limit = 1_000 },
        ["without errors"] = new() { Status = SpanStatusCode.Ok, Limit = 1_000 },
        ["service with errors"] = new() { Service = "frontend", Status = SpanStatusCode.Error, Limit = 1_000 },
        ["time range"] = new() { StartFromUnixNanos = Start + (60 * TraceGap), StartToUnixNanos = Start + (120 * TraceGap), Limit = 1_000 },
        ["time range exact to the nanosecond"] = new() { StartFromUnixNanos = Start + (60 * TraceGap) + 500_000, StartToUnixNanos = Start + (61 * TraceGap) + 500_000, Limit = 1_000 },
        ["from only"] = new() { StartFromUnixNanos = Start + (200 * TraceGap), Limit = 1_000 },
        ["to only"] = new() { StartToUnixNanos = Start + (30 * TraceGap), Limit = 1_000 },
        ["limit"] = new() { Limit = 5 },
        ["service and limit"] = new() { Service = "db", Limit = 7 },
        ["time range and limit"] = new() { StartToUnixNanos = Start + (100 * TraceGap), Limit = 13 },
        ["combined"] = new() { Service = "frontend", Tags = [new("env", "prod")], MinDurationNanos = 100 * Ms, Status = SpanStatusCode.Ok, StartFromUnixNanos = Start + (20 * TraceGap), Limit = 50 },
        ["another tenant"] = new() { Tenant = ComparisonData.OtherTenant, Limit = 1_000 },
        ["another tenant's service"] = new() { Tenant = ComparisonData.OtherTenant, Service = "o-checkout", Limit = 1_000 },
        ["a service of another tenant"] = new() { Tenant = ComparisonData.OtherTenant, Service = "checkout", Limit = 1_000 },
        ["a tenant with nothing"] = new() { Tenant = "nobody", Limit = 1_000 },
        ["an unknown service"] = new() { Service = "nowhere", Limit = 1_000 },
        ["an operation of another service"] = new() { Service = "db", Operation = "charge", Limit = 1_000 },
    };

    /// <summary>Queries that find nothing by design; every other one must find something, or the comparison proves little.</summary>
    private static readonly HashSet<string> Empty = new(StringComparer.Ordinal)
    {
        "a service of another tenant", "a tenant with nothing", "an unknown service", "an operation of another service",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool> Searches() =>
        new(Queries.Keys.SelectMany(name => new[] { (name, false), (name, true) }).Select(q => new TheoryDataRow<string, bool>(q.name, q.Item2)));

    [Fact]
    public async Task TheDataSet_HasRetriedWrites_AndLateSpans_StoredWithoutDuplicateRows()
    {
        var writes = data.Writes;
        var byTrace = writes.GroupBy(w => w.Key).ToList();
        var uniqueSpans = data.Reference.All(ComparisonData.Tenant).Sum(t => t.Spans.Length) + data.Reference.All(ComparisonData.OtherTenant).Sum(t => t.Spans.Length);
        var rows = await data.Database.QueryAsync($"SELECT count() AS n FROM {data.Database.Table("spans")}", [], Cancel);

        Assert.Contains(byTrace, g => g.Count() != g.Distinct().Count());
        Assert.Contains(byTrace, g => g.Distinct().Count() > 1);
        Assert.Contains(byTrace, g => g.Distinct().Count() > 1 && g.Skip(1).Any(w => w.Spans.Any(s => s.ParentSpanId is null)));
        Assert.Contains(writes, w => w.Spans.Any(s => s.Shared));
        Assert.Equal(uniqueSpans, SpanTable.Int(rows[0], "n"));
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task FindTraces_AnswersAsTheInMemoryStore(string name, bool acrossSpans)
    {
        var query = Queries[name] with { ConditionsAcrossSpans = acrossSpans };

        var expected = await data.Reference.FindTracesAsync(query, Cancel);
        var actual = await data.Reader.FindTracesAsync(query, Cancel);

        Assert.Equal(Answers.Of(expected), Answers.Of(actual));
        Assert.Equal(Empty.Contains(name), expected.Count == 0);
    }

    [Fact]
    public async Task SearchTraces_ReturnsTheWholeTraces_AsTheInMemoryStore()
    {
        var query = new TraceQuery { Service = "payment", Limit = 30 };

        var expected = await data.Reference.SearchTracesAsync(query, Cancel);
        var actual = await data.Reader.SearchTracesAsync(query, Cancel);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(Answers.Of), actual.Select(Answers.Of));
    }

    [Fact]
    public async Task GetTrace_ReturnsEverySpanOnce_AsTheInMemoryStore()
    {
        foreach (var key in data.Writes.Select(w => w.Key).Distinct().Append(new TraceKey(ComparisonData.Tenant, "0123456789abcdef")))
        {
            Assert.Equal(Answers.Of(await data.Reference.GetTraceAsync(key, Cancel)), Answers.Of(await data.Reader.GetTraceAsync(key, Cancel)));
        }
    }

    [Fact]
    public async Task GetTraces_ReturnsTheStoredOnes_OfTheTenantOnly()
    {
        var ids = data.Writes.Where(w => w.Key.Tenant == ComparisonData.OtherTenant).Select(w => w.Key.TraceId).Distinct().Take(10)
            .Concat(data.Writes.Where(w => w.Key.Tenant == ComparisonData.Tenant).Select(w => w.Key.TraceId).Distinct().Skip(100).Take(10))
            .Append("missing")
            .ToList();

        foreach (var tenant in new[] { ComparisonData.Tenant, ComparisonData.OtherTenant })
        {
            var expected = await data.Reference.GetTracesAsync(tenant, ids, Cancel);
            var actual = await data.Reader.GetTracesAsync(tenant, ids, Cancel);
            Assert.Equal(Answers.Of(expected), Answers.Of(actual));
            Assert.True(expected.Count >= 10);
        }
    }

    [Theory]
    [InlineData(ComparisonData.Tenant)]
    [InlineData(ComparisonData.OtherTenant)]
    [InlineData("nobody")]
    public async Task GetCatalog_ListsTheNames_AsTheInMemoryStore(string tenant)
    {
        var expected = await data.Reference.GetCatalogAsync(tenant, Cancel);
        var actual = await data.Reader.GetCatalogAsync(tenant, Cancel);

        Assert.Equal(Answers.Of(expected), Answers.Of(actual));
    }

    [Theory]
    [InlineData(ComparisonData.Tenant, long.MinValue, long.MaxValue)]
    [InlineData(ComparisonData.Tenant, 0L, long.MaxValue)]
    [InlineData(ComparisonData.Tenant, 50L, 120L)]
    [InlineData(ComparisonData.Tenant, 239L, 239L)]
    [InlineData(ComparisonData.Tenant, 300L, 400L)]
    [InlineData(ComparisonData.OtherTenant, long.MinValue, long.MaxValue)]
    [InlineData("nobody", long.MinValue, long.MaxValue)]
    public async Task GetDependencies_SumsTheCallsOfTracesStartingInTheWindow_AsTheInMemoryStore(string tenant, long fromTrace, long toTrace)
    {
        // Windows given in trace numbers (traces start TraceGap apart), or as the extreme instants.
        var from = fromTrace is long.MinValue or 0 ? fromTrace : Start + (fromTrace * TraceGap);
        var to = toTrace == long.MaxValue ? toTrace : Start + (toTrace * TraceGap) + TraceGap - 1;

        var expected = await data.Reference.GetDependenciesAsync(tenant, from, to, Cancel);
        var actual = await data.Reader.GetDependenciesAsync(tenant, from, to, Cancel);

        Assert.Equal(Answers.Of(expected), Answers.Of(actual));
    }

    [Theory]
    [InlineData(ComparisonData.Tenant, long.MinValue, long.MaxValue)]
    [InlineData(ComparisonData.Tenant, 50L, 120L)]
    [InlineData(ComparisonData.Tenant, 239L, 239L)]
    [InlineData(ComparisonData.Tenant, 300L, 400L)]
    [InlineData(ComparisonData.OtherTenant, long.MinValue, long.MaxValue)]
    public async Task GetDependencyEdges_GiveTheCallsLatency_AsTheInMemoryStoreWithinItsAccuracy(string tenant, long fromTrace, long toTrace)
    {
        var from = fromTrace == long.MinValue ? fromTrace : Start + (fromTrace * TraceGap);
        var to = toTrace == long.MaxValue ? toTrace : Start + (toTrace * TraceGap) + TraceGap - 1;

        var expected = await data.Reference.GetDependencyEdgesAsync(tenant, from, to, Cancel);
        var actual = await data.Reader.GetDependencyEdgesAsync(tenant, from, to, Cancel);

        Answers.AssertSameEdges(expected, actual);
        Assert.Equal(Answers.Of(await data.Reader.GetDependenciesAsync(tenant, from, to, Cancel)), Answers.Of(actual.Select(e => e.Call)));
    }

    [Theory]
    [InlineData("env", 1_000)]
    [InlineData("deployment.environment.name", 1_000)]
    [InlineData("http.status_code", 1_000)]
    [InlineData("build", 1_000)]
    [InlineData("build", 5)]
    [InlineData("no such key", 10)]
    public async Task GetAttributeValues_ListsTheNewestValues_AsTheInMemoryStore(string key, int limit)
    {
        var expected = await data.Reference.GetAttributeValuesAsync(ComparisonData.Tenant, key, limit, Cancel);
        var actual = await data.Reader.GetAttributeValuesAsync(ComparisonData.Tenant, key, limit, Cancel);

        Assert.Equal(expected, actual);
    }
}

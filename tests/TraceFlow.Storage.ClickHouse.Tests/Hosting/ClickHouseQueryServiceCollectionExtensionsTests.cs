using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Hosting;
using TraceFlow.Storage.ClickHouse.Reading;

namespace TraceFlow.Storage.ClickHouse.Tests.Hosting;

/// <summary>Which readers the query APIs get, by <see cref="ClickHouseOptions.QueryMode"/> (no server needed: nothing is queried).</summary>
public sealed class ClickHouseQueryServiceCollectionExtensionsTests
{
    [Fact]
    public void QueryModeClickHouse_ReplacesTheTraceAndStatsReaders()
    {
        using var provider = Services(("QueryMode", "ClickHouse"), ("Url", "http://127.0.0.1:8123")).BuildServiceProvider();

        Assert.IsType<ClickHouseTraceReader>(provider.GetRequiredService<ITraceReader>());
        Assert.IsType<ClickHouseStatsReader>(provider.GetRequiredService<IStatsReader>());
        Assert.Same(provider.GetRequiredService<ClickHouseDatabase>(), provider.GetRequiredService<ClickHouseDatabase>());
    }

    [Fact]
    public void QueryModeMemory_KeepsTheReadersRegisteredBefore()
    {
        using var provider = Services(("QueryMode", "Memory"), ("Url", "http://127.0.0.1:8123")).BuildServiceProvider();

        Assert.IsType<MemoryReader>(provider.GetRequiredService<ITraceReader>());
        Assert.IsType<MemoryStats>(provider.GetRequiredService<IStatsReader>());
        Assert.Same(provider.GetRequiredService<ITraceReader>(), provider.GetRequiredService<ITraceReader>());
    }

    [Fact]
    public void WithoutClickHouseSettings_TheInMemoryReadersStay()
    {
        using var provider = Services().BuildServiceProvider();

        Assert.IsType<MemoryReader>(provider.GetRequiredService<ITraceReader>());
    }

    [Fact]
    public void ADatabaseRegisteredBefore_IsKept()
    {
        using var mine = new ClickHouseDatabase(Microsoft.Extensions.Options.Options.Create(new ClickHouseOptions { Url = "http://127.0.0.1:9999" }));
        using var provider = Services([("QueryMode", "ClickHouse"), ("Url", "http://127.0.0.1:8123")], s => s.AddSingleton(mine)).BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<ClickHouseDatabase>());
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings) => Services(settings, _ => { });

    private static ServiceCollection Services((string Key, string Value)[] settings, Action<ServiceCollection> before)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{ClickHouseOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ITraceReader, MemoryReader>();
        services.AddSingleton<IStatsReader>(new MemoryStats());
        before(services);
        services.AddClickHouseQueries();
        return services;
    }

    private sealed class MemoryReader : ITraceReader
    {
        public Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class MemoryStats : IStatsReader
    {
        public long MinTimelineStepSeconds => 10;

        public Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

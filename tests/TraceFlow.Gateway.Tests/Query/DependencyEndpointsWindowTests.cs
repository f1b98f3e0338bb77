using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query;

/// <summary><c>GET /api/dependencies</c> fills a missing end with now and a missing start with an hour before the end (no cluster needed).</summary>
public sealed class DependencyEndpointsWindowTests
{
    private const long Now = 1_767_225_600_000; // ms: 2026-01-01T00:00Z
    private const long Hour = 3_600_000;
    private const long NanosPerMilli = 1_000_000;

    [Theory]
    [InlineData("", Now - Hour, Now)]
    [InlineData("?from_unix_ms=1000", 1_000L, Now)]
    [InlineData("?to_unix_ms=7200000", Hour, 2 * Hour)]
    [InlineData("?to_unix_ms=1000", 0L, 1_000L)]
    [InlineData("?from_unix_ms=5&to_unix_ms=5", 5L, 5L)]
    public async Task GetDependencies_ReadsTheWindow_WithTheDefaultsFilledIn(string query, long fromMs, long toMs)
    {
        var context = CallerContexts.For();
        context.Request.QueryString = new QueryString(query);
        var reader = new RecordingReader();

        var result = await DependencyEndpoints.GetDependencies(context, reader, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now)));

        var body = Assert.IsType<Ok<DependencyGraphResponse>>(result.Result).Value!;
        Assert.Equal((TraceKey.DefaultTenant, fromMs * NanosPerMilli, toMs * NanosPerMilli), reader.Asked);
        Assert.Equal((fromMs, toMs), ((long)body.FromUnixMs, (long)body.ToUnixMs));
        var edge = Assert.Single(body.Dependencies);
        Assert.Equal(new DependencyResponse("checkout", "payment", 4, 1, 0.25, null, null, null), edge);
    }

    /// <summary>Answers one edge whose calls have no known duration, as ClickHouse rows from before schema v7.</summary>
    private sealed class RecordingReader : ITraceReader
    {
        public (string Tenant, long From, long To) Asked { get; private set; }

        public Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken)
        {
            Asked = (tenant, fromUnixNanos, toUnixNanos);
            return Task.FromResult<IReadOnlyList<DependencyEdge>>([new DependencyEdge(new ServiceCall("checkout", "payment", 4, 1), LatencySummary.Empty)]);
        }

        public Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

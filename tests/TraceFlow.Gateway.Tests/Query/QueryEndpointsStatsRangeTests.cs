using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query;

/// <summary><c>GET /api/stats</c> hands its optional range to the stats reader, in nanoseconds (no cluster needed).</summary>
public sealed class QueryEndpointsStatsRangeTests
{
    [Theory]
    [InlineData("", null, null)]
    [InlineData("?from_unix_ms=1710000000000", 1_710_000_000_000_000_000L, null)]
    [InlineData("?from_unix_ms=1710000000000&to_unix_ms=1710000060000", 1_710_000_000_000_000_000L, 1_710_000_060_000_000_000L)]
    [InlineData("?to_unix_ms=0", null, 0L)]
    public async Task GetStats_PassesTheRangeToTheStatsReader(string query, long? from, long? to)
    {
        var context = CallerContexts.For();
        context.Request.QueryString = new QueryString(query);
        var stats = new RecordingStatsReader();

        var result = await QueryEndpoints.GetStats(context, stats);

        Assert.IsType<Ok<StatsResponse>>(result.Result);
        Assert.Equal((TraceKey.DefaultTenant, from, to), stats.Asked);
    }

    private sealed class RecordingStatsReader : IStatsReader
    {
        public (string Tenant, long? From, long? To) Asked { get; private set; }

        public long MinTimelineStepSeconds => 1;

        public Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken) =>
            throw new NotSupportedException("GET /api/stats reads no timeline");

        public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken)
        {
            Asked = (tenant, fromUnixNanos, toUnixNanos);
            return Task.FromResult(new StatsSnapshot());
        }
    }
}

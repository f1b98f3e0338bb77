using System.Collections.Immutable;
using TraceFlow.Grains.Cluster;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// The stats grain's running totals since it activated (they have no time range), and its
/// timeline of the last hour by arrival time. A call that meets the grain's dead silo is
/// retried on its new activation (whose totals start again).
/// </summary>
public sealed class GrainStatsReader(IGrainFactory grains) : IStatsReader
{
    public long MinTimelineStepSeconds => TimelineRing.BucketSeconds;

    public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken) =>
        SiloLossRetry.RunAsync(() => grains.GetGrain<IStatsGrain>(tenant).GetSnapshotAsync().WaitAsync(cancellationToken), "query", cancellationToken);

    public Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken) =>
        SiloLossRetry.RunAsync(() => grains.GetGrain<IStatsGrain>(tenant).GetTimelineAsync(range).WaitAsync(cancellationToken), "query", cancellationToken);
}

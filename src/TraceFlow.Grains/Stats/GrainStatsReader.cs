using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// The stats grain's running totals since it activated (they have no time range), and its
/// timeline of the last hour by arrival time.
/// </summary>
public sealed class GrainStatsReader(IGrainFactory grains) : IStatsReader
{
    public long MinTimelineStepSeconds => TimelineRing.BucketSeconds;

    public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken) =>
        grains.GetGrain<IStatsGrain>(tenant).GetSnapshotAsync().WaitAsync(cancellationToken);

    public Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken) =>
        grains.GetGrain<IStatsGrain>(tenant).GetTimelineAsync(range).WaitAsync(cancellationToken);
}

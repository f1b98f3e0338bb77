using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>Cluster-wide statistics of one tenant, fed by per-silo deltas.</summary>
[Alias("TraceFlow.IStatsGrain")]
public interface IStatsGrain : IGrainWithStringKey
{
    [Alias("Merge")]
    Task MergeAsync(TraceStatistics delta);

    [Alias("GetSnapshot")]
    Task<StatsSnapshot> GetSnapshotAsync();

    /// <summary>Counts per step of what arrived in the last hour (older steps are zeros).</summary>
    [Alias("GetTimeline")]
    Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(TimelineRange range);
}

namespace TraceFlow.Grains.Stats;

/// <summary>Cluster-wide statistics of one tenant, fed by per-silo deltas.</summary>
[Alias("TraceFlow.IStatsGrain")]
public interface IStatsGrain : IGrainWithStringKey
{
    [Alias("Merge")]
    Task MergeAsync(TraceStatistics delta);

    [Alias("GetSnapshot")]
    Task<StatsSnapshot> GetSnapshotAsync();
}

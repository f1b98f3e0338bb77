namespace TraceFlow.Grains.Stats;

/// <summary>The stats grain's running totals since the cluster started; they have no time range.</summary>
public sealed class GrainStatsReader(IGrainFactory grains) : IStatsReader
{
    public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken) =>
        grains.GetGrain<IStatsGrain>(tenant).GetSnapshotAsync().WaitAsync(cancellationToken);
}

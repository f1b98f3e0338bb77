using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Running statistics of one tenant. Kept in memory for the life of the cluster, like the
/// in-memory trace store; it never deactivates on idle.
/// </summary>
internal sealed class StatsGrain(IOptions<StatsOptions> options) : Grain, IStatsGrain
{
    private readonly StatsLimits limits = options.Value.Limits;
    private readonly TraceStatistics totals = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return base.OnActivateAsync(cancellationToken);
    }

    Task IStatsGrain.MergeAsync(TraceStatistics delta)
    {
        totals.Merge(delta, limits);
        return Task.CompletedTask;
    }

    Task<StatsSnapshot> IStatsGrain.GetSnapshotAsync() => Task.FromResult(StatsSnapshot.From(totals));
}

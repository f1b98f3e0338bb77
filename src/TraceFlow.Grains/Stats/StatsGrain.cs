using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Running statistics of one tenant since the grain activated, and a timeline of the last hour.
/// Kept in memory for the life of the cluster, like the in-memory trace store; it never
/// deactivates on idle.
/// </summary>
internal sealed class StatsGrain(IOptions<StatsOptions> options, TimeProvider time) : Grain, IStatsGrain
{
    private readonly StatsLimits limits = options.Value.Limits;
    private readonly TraceStatistics totals = new();
    private readonly TimelineRing timeline = new();
    private long activatedUnixNanos;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        activatedUnixNanos = UnixTime.Nanos(time.GetUtcNow());
        return base.OnActivateAsync(cancellationToken);
    }

    Task IStatsGrain.MergeAsync(TraceStatistics delta)
    {
        totals.Merge(delta, limits);
        timeline.Add(time.GetUtcNow(), delta);
        return Task.CompletedTask;
    }

    Task<StatsSnapshot> IStatsGrain.GetSnapshotAsync() =>
        Task.FromResult(StatsSnapshot.From(totals) with { FromUnixNanos = activatedUnixNanos, ToUnixNanos = UnixTime.Nanos(time.GetUtcNow()) });

    Task<ImmutableArray<TimelinePoint>> IStatsGrain.GetTimelineAsync(TimelineRange range) => Task.FromResult(timeline.Points(range, time.GetUtcNow()));
}

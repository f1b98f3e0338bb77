using System.Collections.Immutable;

namespace TraceFlow.Grains.Cluster;

/// <summary>
/// Holds the reports in memory only: if its own silo dies, the silos fall back on the copy
/// each got back with its last report.
/// </summary>
internal sealed class LiveTraceLedgerGrain : Grain, ILiveTraceLedgerGrain
{
    private ImmutableDictionary<SiloAddress, LiveTraceCount> reports = ImmutableDictionary<SiloAddress, LiveTraceCount>.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return base.OnActivateAsync(cancellationToken);
    }

    Task<ImmutableDictionary<SiloAddress, LiveTraceCount>> ILiveTraceLedgerGrain.ReportAsync(SiloAddress silo, LiveTraceCount count)
    {
        reports = reports.SetItem(silo, count);
        return Task.FromResult(reports);
    }

    Task<LiveTraceCount?> ILiveTraceLedgerGrain.TakeAsync(SiloAddress silo)
    {
        var count = reports.GetValueOrDefault(silo);
        reports = reports.Remove(silo);
        return Task.FromResult(count);
    }
}

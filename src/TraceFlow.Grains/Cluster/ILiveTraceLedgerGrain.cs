using System.Collections.Immutable;

namespace TraceFlow.Grains.Cluster;

/// <summary>
/// The last live-trace report of every silo (key 0), so that when a silo dies the survivors
/// know what it held.
/// </summary>
[Alias("TraceFlow.ILiveTraceLedgerGrain")]
public interface ILiveTraceLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Records a silo's report and returns every silo's latest one.</summary>
    [Alias("Report")]
    Task<ImmutableDictionary<SiloAddress, LiveTraceCount>> ReportAsync(SiloAddress silo, LiveTraceCount count);

    /// <summary>Removes and returns a dead silo's last report; null when none is known.</summary>
    [Alias("Take")]
    Task<LiveTraceCount?> TakeAsync(SiloAddress silo);
}

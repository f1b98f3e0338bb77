using System.Collections.Immutable;
using Orleans.Concurrency;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Replay;

/// <summary>
/// A gateway's <see cref="ReplayBuffer"/>, told by the silos which of the traces it sent
/// spans for are settled: dropped, or kept and handed to the store. It may then forget the
/// spans it sent to that silo (spans it sent to another silo, now dead, still need replaying).
/// </summary>
[Alias("TraceFlow.ISettledTracesObserver")]
public interface ISettledTracesObserver : IGrainObserver
{
    /// <summary>One-way: a lost notice only keeps a trace buffered until its hold time runs out.</summary>
    [OneWay]
    [Alias("Settled")]
    Task SettledAsync(SiloAddress silo, ImmutableArray<TraceKey> traces);
}

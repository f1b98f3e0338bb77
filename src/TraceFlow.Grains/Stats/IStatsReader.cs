using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Statistics for the query API: the stats grain's running totals of everything received, or
/// a durable store's statistics of the kept spans over a time range.
/// </summary>
public interface IStatsReader
{
    /// <summary>The shortest timeline step the reader can tell apart; every step is a multiple of it.</summary>
    long MinTimelineStepSeconds { get; }

    /// <summary>
    /// Statistics of one tenant. <paramref name="fromUnixNanos"/> and <paramref name="toUnixNanos"/>
    /// bound the span and trace start times where the reader keeps history (null: its default);
    /// a reader of running totals has no history and ignores them.
    /// </summary>
    Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken);

    /// <summary>Traces, spans, errors and trace-duration percentiles per step of <paramref name="range"/>, in time order, empty steps included.</summary>
    Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken);
}

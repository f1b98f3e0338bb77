using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Lifecycle and limits of live traces. The Collector's names for some of these
/// (<c>decision_wait</c>, <c>num_traces</c>, <c>decision_cache</c>) are read from
/// <c>TraceFlow:Sampling</c> too; see <see cref="Sampling.Configuration.CollectorLifecycleSettings"/>.
/// </summary>
public sealed class TraceGrainOptions
{
    public const string SectionName = "TraceFlow:Traces";

    public static readonly TimeSpan DefaultDecisionWait = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMaxTraceLifetime = TimeSpan.FromSeconds(60);
    public const int DefaultMaxSpansPerTrace = 10_000;
    public const int DefaultMaxLiveTraces = 100_000;
    public const int DefaultForcedDecisionHeadroom = 1_000;
    public const int DefaultDecisionCacheSize = 100_000;

    /// <summary>Quiet time after the last span before the trace is decided.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DecisionWait { get; set; } = DefaultDecisionWait;

    /// <summary>
    /// Once the root span has arrived, this shorter quiet time is enough to decide; zero turns
    /// early decisions off. Spans that come later follow the decision as late spans.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EarlyDecisionWait { get; set; } = TimeSpan.Zero;

    /// <summary>A trace that never goes quiet is decided anyway after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxTraceLifetime { get; set; } = DefaultMaxTraceLifetime;

    /// <summary>Spans beyond this count in one trace are refused as <c>trace_too_large</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxSpansPerTrace { get; set; } = DefaultMaxSpansPerTrace;

    /// <summary>Undecided traces one silo holds; a new trace beyond it forces the oldest to be decided now.</summary>
    [Range(1, 100_000_000)]
    public int MaxLiveTraces { get; set; } = DefaultMaxLiveTraces;

    /// <summary>
    /// Past <see cref="MaxLiveTraces"/>, decide the oldest trace now (the Collector's way) and
    /// admit the new one; false refuses new traces instead (503, retryable), for those who would
    /// rather have senders back off than have traces decided before they are complete.
    /// </summary>
    public bool DecideOldestWhenFull { get; set; } = true;

    /// <summary>
    /// Traces admitted beyond <see cref="MaxLiveTraces"/> while the oldest are being decided;
    /// past it new traces are refused (503, retryable) until decisions catch up.
    /// </summary>
    [Range(0, 10_000_000)]
    public int ForcedDecisionHeadroom { get; set; } = DefaultForcedDecisionHeadroom;

    /// <summary>Keep decisions one silo remembers so that late spans of kept traces are stored.</summary>
    [Range(1, 100_000_000)]
    public int KeptDecisionCacheSize { get; set; } = DefaultDecisionCacheSize;

    /// <summary>Drop decisions one silo remembers so that late spans of dropped traces are dropped too.</summary>
    [Range(1, 100_000_000)]
    public int DroppedDecisionCacheSize { get; set; } = DefaultDecisionCacheSize;
}

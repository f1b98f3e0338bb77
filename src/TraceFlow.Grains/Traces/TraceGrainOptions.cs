using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Traces;

/// <summary>Lifecycle and limits of live traces.</summary>
public sealed class TraceGrainOptions
{
    public const string SectionName = "TraceFlow:Traces";

    public static readonly TimeSpan DefaultDecisionWait = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMaxTraceLifetime = TimeSpan.FromSeconds(60);
    public const int DefaultMaxSpansPerTrace = 10_000;
    public const int DefaultMaxLiveTraces = 100_000;
    public const int DefaultDecisionCacheSize = 200_000;

    /// <summary>Quiet time after the last span before the trace is decided.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DecisionWait { get; set; } = DefaultDecisionWait;

    /// <summary>A trace that never goes quiet is decided anyway after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxTraceLifetime { get; set; } = DefaultMaxTraceLifetime;

    /// <summary>Spans beyond this count in one trace are refused as <c>trace_too_large</c>.</summary>
    [Range(1, 10_000_000)]
    public int MaxSpansPerTrace { get; set; } = DefaultMaxSpansPerTrace;

    /// <summary>Undecided traces one silo holds; new traces beyond it are refused (retryable).</summary>
    [Range(1, 100_000_000)]
    public int MaxLiveTraces { get; set; } = DefaultMaxLiveTraces;

    /// <summary>Decisions one silo remembers so that late spans follow them.</summary>
    [Range(1, 100_000_000)]
    public int DecisionCacheSize { get; set; } = DefaultDecisionCacheSize;
}

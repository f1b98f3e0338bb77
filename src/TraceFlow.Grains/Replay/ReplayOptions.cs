using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Replay;

/// <summary>The gateway's replay buffer of acknowledged spans whose traces are not yet settled.</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "TraceFlow:Replay";

    public const long DefaultMaxBytes = 256L * 1024 * 1024;
    public const int DefaultMaxSpans = 1_000_000;
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxHoldTime = TimeSpan.FromMinutes(5);

    /// <summary>Off: spans are acknowledged as before, and lost with a silo that dies before deciding their trace.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Packed span bytes held at most; a request that would go past it is refused with 503 and Retry-After.</summary>
    [Range(1_024, long.MaxValue)]
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Spans held at most; a request that would go past it is refused with 503 and Retry-After.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSpans { get; set; } = DefaultMaxSpans;

    /// <summary>How often the gateway reads cluster membership for dead silos whose traces it must replay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CheckInterval { get; set; } = DefaultCheckInterval;

    /// <summary>
    /// A safety valve, not the release rule: a trace still held this long after its first span
    /// (its settle notice was lost, or it could not be replayed) is evicted and counted. Keep
    /// it well above the traces' longest lifetime (<c>TraceFlow:Traces:MaxTraceLifetime</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxHoldTime { get; set; } = DefaultMaxHoldTime;
}

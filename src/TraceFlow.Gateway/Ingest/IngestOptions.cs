using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Ingest;

/// <summary>Size limits applied to every ingest request before spans reach the grains.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "TraceFlow:Ingest";

    public const int DefaultMaxRequestBytes = 5 * 1024 * 1024;
    public const int DefaultMaxSpansPerRequest = 50_000;
    public const int DefaultMaxAttributesPerSpan = 128;
    public const int DefaultMaxAttributeValueLength = 4_096;
    public const int DefaultMaxEventsPerSpan = 128;
    public const int DefaultMaxLinksPerSpan = 128;
    public const int DefaultMaxNameLength = 256;
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Largest body accepted, after decompression; larger bodies get 413 unread.</summary>
    [Range(1_024, 1_073_741_824)]
    public int MaxRequestBytes { get; set; } = DefaultMaxRequestBytes;

    [Range(1, 10_000_000)]
    public int MaxSpansPerRequest { get; set; } = DefaultMaxSpansPerRequest;

    /// <summary>Attributes beyond this count on one span are dropped and counted.</summary>
    [Range(0, 100_000)]
    public int MaxAttributesPerSpan { get; set; } = DefaultMaxAttributesPerSpan;

    /// <summary>Longer attribute values and status messages are truncated and counted.</summary>
    [Range(1, 10_000_000)]
    public int MaxAttributeValueLength { get; set; } = DefaultMaxAttributeValueLength;

    /// <summary>Events beyond this count on one span are dropped and counted.</summary>
    [Range(0, 100_000)]
    public int MaxEventsPerSpan { get; set; } = DefaultMaxEventsPerSpan;

    /// <summary>Links beyond this count on one span (OTLP) are dropped and counted.</summary>
    [Range(0, 100_000)]
    public int MaxLinksPerSpan { get; set; } = DefaultMaxLinksPerSpan;

    /// <summary>Longest service, operation, attribute or event name; longer ones reject the span.</summary>
    [Range(1, 100_000)]
    public int MaxNameLength { get; set; } = DefaultMaxNameLength;

    /// <summary>
    /// Benchmark baseline only: spans are read, decoded and validated as usual, then discarded
    /// instead of reaching the trace grains, so a run measures what ingest costs before the
    /// pipeline. Nothing is stored; the gateway warns at start-up when this is on.
    /// </summary>
    public bool DecodeOnly { get; set; }

    /// <summary>What 503 responses tell clients to wait before retrying.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = DefaultRetryAfter;
}

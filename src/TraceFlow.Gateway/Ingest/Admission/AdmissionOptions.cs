using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// How much ingest work the gateway takes on at once, and the memory ceiling it sheds load to
/// stay under (<c>TraceFlow:Admission</c>). Refused requests get 503 with <c>Retry-After</c>
/// (gRPC UNAVAILABLE with RetryInfo), which every OTLP and Zipkin client retries.
/// </summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "TraceFlow:Admission";

    public const int DefaultMaxInFlightRequests = 1_024;
    /// <summary>The most <see cref="MaxInFlightMiB"/> is by default, whatever the ceiling.</summary>
    public const int MaxDefaultInFlightMiB = 512;

    /// <summary>The share of the memory ceiling <see cref="MaxInFlightMiB"/> is by default.</summary>
    public const int DefaultInFlightPercentOfCeiling = 5;
    public const int DefaultMemoryLimitPercent = 80;
    public const int DefaultSpikePercent = 20;
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultTargetDispatchTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Ingest requests being read, decoded or dispatched at once; more are refused. The most
    /// <see cref="AdaptiveConcurrencyLimit"/> lets in while dispatch keeps to <see cref="TargetDispatchTime"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInFlightRequests { get; set; } = DefaultMaxInFlightRequests;

    /// <summary>
    /// Request bytes held at once, counting each request at its declared length (at the request
    /// limit when its length is unknown or it is compressed, since it may inflate that far). 0: a
    /// twentieth of the memory ceiling, at most 512 MiB. A decoded request takes about five times
    /// its bytes until its spans reach their traces: under 10x overload in a 1 GiB container a
    /// tenth (with Kestrel then reading ahead 1 MiB per connection) let the heap go from 385 to
    /// 715 of its 768 MiB between two memory checks. A twentieth still keeps well over a hundred
    /// typical requests in flight.
    /// </summary>
    [Range(0, 1_048_576)]
    public int MaxInFlightMiB { get; set; }

    /// <summary>The in-flight byte cap under a memory ceiling of <paramref name="ceilingBytes"/>.</summary>
    public long InFlightBytesUnder(long ceilingBytes) => MaxInFlightMiB > 0
        ? MaxInFlightMiB * 1024L * 1024
        : Math.Min(MaxDefaultInFlightMiB * 1024L * 1024, ceilingBytes * DefaultInFlightPercentOfCeiling / 100);

    /// <summary>
    /// The working-set ceiling of the process; 0 takes <see cref="MemoryLimitPercent"/> of the
    /// memory available to it (the container's limit when there is one).
    /// </summary>
    [Range(0, 16_777_216)]
    public int MemoryLimitMiB { get; set; }

    /// <summary>Share of the available memory used as the ceiling when <see cref="MemoryLimitMiB"/> is 0.</summary>
    [Range(1, 100)]
    public int MemoryLimitPercent { get; set; } = DefaultMemoryLimitPercent;

    /// <summary>
    /// Head room kept below the ceiling, as a share of it: ingest is shed from ceiling − spike
    /// (the soft limit) on, because requests already admitted still allocate after the check.
    /// </summary>
    [Range(0, 90)]
    public int SpikePercent { get; set; } = DefaultSpikePercent;

    /// <summary>
    /// How long a request's spans may take to reach their traces before fewer requests are let in
    /// at once: well inside the 10 s an OTLP exporter waits for its answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TargetDispatchTime { get; set; } = DefaultTargetDispatchTime;

    /// <summary>How often the working set is read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CheckInterval { get; set; } = DefaultCheckInterval;
}

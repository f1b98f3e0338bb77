using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Hosting;

/// <summary>
/// Kestrel's protection against slow and idle clients, set explicitly rather than inherited, so
/// a client sending headers or a body at a trickle (slowloris) cannot hold a connection open.
/// </summary>
public sealed class ConnectionLimitsOptions
{
    public const string SectionName = "TraceFlow:Connections";

    public const int DefaultMaxConcurrentConnections = 10_000;
    public const int DefaultMaxRequestBufferKiB = 64;
    public const int DefaultMinDataRateBytesPerSecond = 240;
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DefaultMinDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Longest a client may take to send a request line and headers; then the connection is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = DefaultRequestHeadersTimeout;

    /// <summary>Longest an idle keep-alive connection stays open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = DefaultKeepAliveTimeout;

    /// <summary>Slowest a request body may arrive, after the grace period; slower clients get 408 and are disconnected.</summary>
    [Range(1, 100_000_000)]
    public int MinRequestBodyBytesPerSecond { get; set; } = DefaultMinDataRateBytesPerSecond;

    /// <summary>Slowest a client may read a response, after the grace period; slower ones are disconnected.</summary>
    [Range(1, 100_000_000)]
    public int MinResponseBytesPerSecond { get; set; } = DefaultMinDataRateBytesPerSecond;

    /// <summary>How long a body or response may stay below its minimum rate before the limit applies (Kestrel's is 5 s; it must exceed Kestrel's 1 s heartbeat).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan MinDataRateGracePeriod { get; set; } = DefaultMinDataRateGracePeriod;

    /// <summary>
    /// Request bytes Kestrel and its socket transport each read ahead of the app per connection
    /// (their own defaults are 1 MiB). Under overload each client's unread body sits in these
    /// buffers: at 1 MiB, a 10x burst from 1,024 clients took the heap of a 1 GiB container to
    /// within 53 MiB of the GC's limit between two memory checks. Bodies still stream through at
    /// full speed; only read-ahead is bounded. Kestrel needs room for the headers (32 KiB).
    /// </summary>
    [Range(32, 1_048_576)]
    public int MaxRequestBufferKiB { get; set; } = DefaultMaxRequestBufferKiB;

    /// <summary>Open connections on all listeners together; further connections are closed as soon as they are accepted.</summary>
    [Range(1, 10_000_000)]
    public int MaxConcurrentConnections { get; set; } = DefaultMaxConcurrentConnections;
}

using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Storage.ClickHouse;

/// <summary>ClickHouse as the durable store. Set <see cref="Url"/> (or <c>TRACEFLOW_CLICKHOUSE_URL</c>) to turn it on.</summary>
public sealed record ClickHouseOptions
{
    public const string SectionName = "TraceFlow:ClickHouse";

    /// <summary>The seed's switch, read when <see cref="Url"/> is not set.</summary>
    public const string UrlVariable = "TRACEFLOW_CLICKHOUSE_URL";

    /// <summary>The server's HTTP interface, e.g. <c>http://127.0.0.1:8123</c>; empty keeps ClickHouse off.</summary>
    public string? Url { get; set; }

    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,63}$", ErrorMessage = "Database must be a plain identifier (letters, digits, underscores).")]
    public string Database { get; set; } = "traceflow";

    public string User { get; set; } = "default";

    public string Password { get; set; } = "";

    /// <summary>Most spans in one insert.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>A partial batch is written after at most this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Spans waiting for ClickHouse, per silo: from 80 % of it (counting undecided spans) new
    /// traces are refused; spans already acknowledged still queue, past it if need be.
    /// </summary>
    [Range(1, 100_000_000)]
    public int QueueCapacity { get; set; } = 500_000;

    /// <summary>
    /// At shutdown, how long the writer may keep trying to write what is queued before the
    /// rest is counted as lost; the host's own shutdown timeout must leave room for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Days of spans kept; older day partitions are dropped. Zero keeps everything.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>
    /// Where the query APIs read when ClickHouse is on: ClickHouse (default, so traces survive
    /// restarts in the UI too) or the in-memory store (the seed's mirror, ClickHouse written only).
    /// </summary>
    public ClickHouseQueryMode QueryMode { get; set; } = ClickHouseQueryMode.ClickHouse;

    /// <summary>Longest a query may run on the server.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In query mode, how far back from its end (or from now) a search, the statistics or an
    /// autocompletion reads when the caller gives no start; one day, as Zipkin's lookback.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan DefaultQueryWindow { get; set; } = TimeSpan.FromDays(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

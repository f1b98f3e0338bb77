using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Stats;

/// <summary>How often silos push statistics and how many names they track.</summary>
public sealed class StatsOptions
{
    public const string SectionName = "TraceFlow:Stats";

    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);
    public const int DefaultMaxServices = 1_000;
    public const int DefaultMaxOperationsPerService = 1_000;
    public const int DefaultMaxMetricSeries = 500;
    public const int DefaultMaxMetricServices = 100;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = DefaultFlushInterval;

    [Range(1, 1_000_000)]
    public int MaxServices { get; set; } = DefaultMaxServices;

    [Range(1, 1_000_000)]
    public int MaxOperationsPerService { get; set; } = DefaultMaxOperationsPerService;

    /// <summary>
    /// Service×operation pairs a silo exports as Prometheus series; later pairs are exported under
    /// operation <c>other</c> of their service, so span names cannot flood Prometheus.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxMetricSeries { get; set; } = DefaultMaxMetricSeries;

    /// <summary>Services a silo exports as Prometheus series; later services are exported as service <c>other</c>.</summary>
    [Range(1, 10_000)]
    public int MaxMetricServices { get; set; } = DefaultMaxMetricServices;

    public StatsLimits Limits => new(MaxServices, MaxOperationsPerService);
}

using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Grains.Stats;

/// <summary>How often silos push statistics and how many names they track.</summary>
public sealed class StatsOptions
{
    public const string SectionName = "TraceFlow:Stats";

    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);
    public const int DefaultMaxServices = 1_000;
    public const int DefaultMaxOperationsPerService = 1_000;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = DefaultFlushInterval;

    [Range(1, 1_000_000)]
    public int MaxServices { get; set; } = DefaultMaxServices;

    [Range(1, 1_000_000)]
    public int MaxOperationsPerService { get; set; } = DefaultMaxOperationsPerService;

    public StatsLimits Limits => new(MaxServices, MaxOperationsPerService);
}

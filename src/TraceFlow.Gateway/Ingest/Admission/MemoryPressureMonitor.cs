using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Diagnostics;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// Reads the working set every <see cref="AdmissionOptions.CheckInterval"/> and keeps the
/// pressure level that <see cref="IngestAdmission"/> sheds by, the way the Collector's
/// memory_limiter does: above the soft limit new ingest is refused until the process is back
/// under it. From the soft limit on, a full compacting collection that gives memory back to the
/// system is forced first, and the level is judged by what it leaves: under load the GC lets
/// garbage fill what it may use (a container's limit) before collecting, so the working set
/// alone would shed for memory a collection frees at once, and after an overload it would keep
/// the high-water mark (the GC keeps freed segments). While collections leave the process
/// above the soft limit (the memory holds data, not garbage), they back off, doubling up to 8 s.
/// </summary>
public sealed partial class MemoryPressureMonitor : BackgroundService
{
    private static readonly TimeSpan MaxCollectBackOff = TimeSpan.FromSeconds(8);

    private readonly IProcessMemory memory;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly ILogger<MemoryPressureMonitor> logger;
    /// <summary>How long after the last forced collection the next may come; zero while they free enough (the check interval paces them).</summary>
    private TimeSpan collectBackOff;
    private long lastCollect = long.MinValue;
    private int level;

    public MemoryPressureMonitor(IProcessMemory memory, IOptions<AdmissionOptions> options, TimeProvider time, ILogger<MemoryPressureMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        this.memory = memory;
        this.time = time;
        this.logger = logger;
        interval = settings.CheckInterval;
        // A ceiling past the memory the process may have (a container's limit) would be met by
        // the OOM killer before any shedding: a configured one is capped.
        var available = memory.AvailableBytes * settings.MemoryLimitPercent / 100;
        var configured = settings.MemoryLimitMiB * 1024L * 1024;
        CeilingBytes = configured > 0 ? Math.Min(configured, available) : available;
        if (configured > CeilingBytes)
        {
            LogCeilingCapped(logger, configured / (1024 * 1024), CeilingBytes / (1024 * 1024), memory.AvailableBytes / (1024 * 1024));
        }

        SoftLimitBytes = CeilingBytes * (100 - settings.SpikePercent) / 100;
        GatewayMetrics.MemoryCeiling.Set(CeilingBytes);
        GatewayMetrics.MemorySoftLimit.Set(SoftLimitBytes);
    }

    /// <summary>The working set the process is kept under.</summary>
    public long CeilingBytes { get; }

    /// <summary>From this working set on, new ingest is shed.</summary>
    public long SoftLimitBytes { get; }

    public MemoryPressureLevel Level => (MemoryPressureLevel)Volatile.Read(ref level);

    /// <summary>Reads the working set once and updates the level (each tick; tests call it directly).</summary>
    public MemoryPressureLevel Check()
    {
        var workingSet = memory.WorkingSetBytes;
        if (workingSet >= SoftLimitBytes && CollectionDue())
        {
            memory.Collect();
            lastCollect = time.GetTimestamp();
            var after = memory.WorkingSetBytes;
            LogCollected(logger, workingSet / (1024 * 1024), after / (1024 * 1024));
            collectBackOff = after >= SoftLimitBytes
                ? TimeSpan.FromTicks(Math.Clamp(collectBackOff.Ticks * 2, interval.Ticks, MaxCollectBackOff.Ticks))
                : TimeSpan.Zero;
            workingSet = after;
        }

        var now = workingSet >= CeilingBytes ? MemoryPressureLevel.Hard
            : workingSet >= SoftLimitBytes ? MemoryPressureLevel.Soft
            : MemoryPressureLevel.Normal;
        var before = (MemoryPressureLevel)Interlocked.Exchange(ref level, (int)now);
        if (now == MemoryPressureLevel.Normal)
        {
            collectBackOff = TimeSpan.Zero;
        }

        if (before != now)
        {
            LogLevelChanged(logger, before, now, workingSet / (1024 * 1024), SoftLimitBytes / (1024 * 1024));
        }

        GatewayMetrics.MemoryPressure.Set((int)now);
        return now;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        Check();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private bool CollectionDue() => lastCollect == long.MinValue || time.GetElapsedTime(lastCollect) >= collectBackOff;

    [LoggerMessage(1, LogLevel.Warning, "Memory pressure {Before} -> {After}: working set {WorkingSetMiB} MiB, soft limit {SoftLimitMiB} MiB; ingest is shed above the soft limit")]
    private static partial void LogLevelChanged(ILogger logger, MemoryPressureLevel before, MemoryPressureLevel after, long workingSetMiB, long softLimitMiB);

    [LoggerMessage(3, LogLevel.Warning, "TraceFlow:Admission:MemoryLimitMiB {ConfiguredMiB} is above its share of the memory the process may use ({AvailableMiB} MiB); the ceiling is {CeilingMiB} MiB")]
    private static partial void LogCeilingCapped(ILogger logger, long configuredMiB, long ceilingMiB, long availableMiB);

    [LoggerMessage(2, LogLevel.Information, "Working set over the soft limit at {BeforeMiB} MiB: forced a full collection, now {AfterMiB} MiB")]
    private static partial void LogCollected(ILogger logger, long beforeMiB, long afterMiB);
}

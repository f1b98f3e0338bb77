using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Cluster;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// Pushes the silo's aggregated statistics to the stats grain every flush interval, and a last
/// time once the silo's grains have deactivated (they record the traces they decide as they go).
/// </summary>
internal sealed partial class StatsFlushService(
    SiloStatsAggregator aggregator,
    OperationMetrics metrics,
    IGrainFactory grains,
    IClusterMembershipService membership,
    IOptions<StatsOptions> options,
    TimeProvider time,
    ILogger<StatsFlushService> logger) : BackgroundService, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The last flush, when the application services stop: after the grains' stage has stopped, before messaging does.</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(StatsFlushService), ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, FlushLastAsync);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the silo's lifecycle delivers what is left.
        }
    }

    /// <summary>Nothing more when the silo is being killed (a cancelled token), or is the last one and takes the stats grain with it.</summary>
    private Task FlushLastAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested || !membership.AnySiloActive() ? Task.CompletedTask : FlushAsync();

    private async Task FlushAsync()
    {
        foreach (var (tenant, delta) in aggregator.TakeDelta())
        {
            try
            {
                await grains.GetGrain<IStatsGrain>(tenant).MergeAsync(delta);
                // Only once delivered: a restored delta comes back in the next one and would count twice.
                metrics.Export(delta);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                aggregator.Restore(tenant, delta);
                LogFlushFailed(logger, delta.SpanCount, tenant, ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not deliver statistics of {SpanCount} spans to the stats grain of tenant {Tenant}; will retry")]
    private static partial void LogFlushFailed(ILogger logger, long spanCount, string tenant, Exception exception);
}

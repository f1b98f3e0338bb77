using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using TraceFlow.Grains.Storage;

namespace TraceFlow.Storage.ClickHouse.Retention;

/// <summary>
/// Applies <see cref="ClickHouseOptions.RetentionDays"/> every <see cref="Interval"/>, on the
/// silo that leads the cluster (so one silo logs and counts each drop; dropping is idempotent
/// anyway, and another silo takes over if the leader goes).
/// </summary>
public sealed partial class RetentionService(
    PartitionRetention retention,
    ClusterLeadership leadership,
    IOptions<ClickHouseOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly int days = options.Value.RetentionDays;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (days == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            if (!leadership.IsLeader)
            {
                continue;
            }

            try
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                await retention.DropBeforeAsync(today.AddDays(-days), stoppingToken);
            }
            catch (Exception ex) when (ex is TraceStoreUnavailableException or global::ClickHouse.Driver.ClickHouseServerException || ClickHouseFailures.IsTransient(ex))
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(1, LogLevel.Warning, "Retention could not reach ClickHouse; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

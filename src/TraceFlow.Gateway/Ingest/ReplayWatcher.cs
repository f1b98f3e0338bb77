using Microsoft.Extensions.Options;
using TraceFlow.Grains.Replay;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Checks cluster membership every <see cref="ReplayOptions.CheckInterval"/> and has the
/// <see cref="ReplayBuffer"/> send the traces of dead silos again. Polling the management grain
/// works the same for a gateway that is a cluster client and one that co-hosts a silo, and one
/// cheap call a second is all a crash needs: membership itself takes seconds to declare it.
/// </summary>
public sealed partial class ReplayWatcher(ReplayBuffer replay, IOptions<ReplayOptions> options, TimeProvider time, ILogger<ReplayWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!replay.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await replay.ReplayDeadSilosAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
            {
                // The cluster is not reachable yet (or for now): the next tick tries again.
                LogCheckFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Could not check the cluster for dead silos to replay")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

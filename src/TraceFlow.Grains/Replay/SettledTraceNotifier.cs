using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Replay;

/// <summary>
/// Tells gateways which of their traces this silo has settled, in batches: whatever piled up
/// while the previous notices were sent goes out together, one message per gateway, so a
/// notice costs a message per batch rather than per trace and leaves as soon as it can (the
/// shorter the delay, the smaller the window in which a dying silo's decision is not yet known).
/// </summary>
/// <remarks>
/// It stops after the application services (a stage later in the start), so the decisions the
/// trace grains make as a silo stops, and the writes of the kept ones, are still announced.
/// </remarks>
public sealed partial class SettledTraceNotifier(SiloAddress silo, ILogger<SettledTraceNotifier> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Keys per message, so a burst never makes one huge message.</summary>
    private const int MaxKeysPerNotice = 10_000;

    private readonly Lock gate = new();
    private readonly Channel<bool> doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<ISettledTracesObserver, List<TraceKey>> pending = [];
    private Task loop = Task.CompletedTask;

    /// <summary>Queues a notice for each gateway that holds spans of the trace.</summary>
    public void Settle(TraceKey trace, IReadOnlyCollection<ISettledTracesObserver> replayers)
    {
        ArgumentNullException.ThrowIfNull(replayers);
        if (replayers.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            foreach (var replayer in replayers)
            {
                if (!pending.TryGetValue(replayer, out var keys))
                {
                    keys = [];
                    pending.Add(replayer, keys);
                }

                keys.Add(trace);
            }
        }

        doorbell.Writer.TryWrite(true);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SettledTraceNotifier), ServiceLifecycleStage.ApplicationServices - 1, StartAsync, StopAsync);
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Sends what is left; a silo being killed (a cancelled token) sends nothing more.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        doorbell.Writer.TryComplete();
        await loop;
        if (!cancellationToken.IsCancellationRequested)
        {
            await SendPendingAsync();
        }
    }

    private async Task RunAsync()
    {
        while (await doorbell.Reader.WaitToReadAsync(CancellationToken.None))
        {
            doorbell.Reader.TryRead(out _);
            await SendPendingAsync();
        }
    }

    private async Task SendPendingAsync()
    {
        Dictionary<ISettledTracesObserver, List<TraceKey>> sending;
        lock (gate)
        {
            sending = pending;
            pending = [];
        }

        foreach (var (replayer, keys) in sending)
        {
            foreach (var chunk in keys.Chunk(MaxKeysPerNotice))
            {
                try
                {
                    await replayer.SettledAsync(silo, [.. chunk]);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException)
                {
                    // The gateway is gone (or its connection is): it holds nothing to release.
                    LogNoticeFailed(logger, chunk.Length, ex);
                }
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Could not tell a gateway that {TraceCount} traces are settled")]
    private static partial void LogNoticeFailed(ILogger logger, int traceCount, Exception exception);
}

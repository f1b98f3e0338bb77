using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// Carries the in-memory store's traces off a silo that stops gracefully: its shard grains
/// leave their traces here as they deactivate, and once every grain of the silo is gone
/// (the silo no longer takes activations) they are written to the same shards, whose new
/// activations land on the surviving silos. Straight to the shards, not through the
/// <see cref="ITraceWriter"/>, so ClickHouse does not get them a second time.
/// </summary>
public sealed partial class StoreHandOver(InMemoryTraceWriter writer, ILogger<StoreHandOver> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentQueue<StoredTrace[]> pending = new();

    /// <summary>Keeps a deactivating shard's traces for <see cref="HandOverAsync"/>.</summary>
    public void Add(StoredTrace[] traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        if (traces.Length > 0)
        {
            pending.Enqueue(traces);
        }
    }

    /// <summary>Hands over when the application services stop, after the grains (their stage stops first).</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(StoreHandOver), ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, HandOverAsync);
    }

    /// <summary>Writes what the shards left; nothing when the silo is being killed (a cancelled token).</summary>
    public async Task HandOverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && pending.TryDequeue(out var traces))
        {
            try
            {
                await SiloLossRetry.RunAsync(() => writer.WriteAsync(traces, cancellationToken), "handover", cancellationToken);
                LogHandedOver(logger, traces.Length);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException)
            {
                GrainsMetrics.Drop(DropReasons.ShuttingDown, traces.Sum(t => t.Spans.Length));
                LogHandOverFailed(logger, traces.Length, ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Handed {TraceCount} stored traces over to the surviving silos")]
    private static partial void LogHandedOver(ILogger logger, int traceCount);

    [LoggerMessage(2, LogLevel.Error, "Could not hand {TraceCount} stored traces over; they are lost")]
    private static partial void LogHandOverFailed(ILogger logger, int traceCount, Exception exception);
}

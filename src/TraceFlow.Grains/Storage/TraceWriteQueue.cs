using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Replay;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// The silo's bounded queue of kept traces, drained in batches by a background loop into
/// the <see cref="ITraceWriter"/>, so grains never wait on storage. Batches form naturally:
/// the loop takes whatever has queued up while the previous write ran. Once a trace is written
/// (or given up on), the gateways holding its spans for replay are told it is settled.
/// </summary>
/// <remarks>
/// It runs in the silo's lifecycle, not as a hosted service: hosted services added with the
/// silo stop before it, while the queue must still take the traces that trace grains decide
/// as the silo deactivates them, and write them while the silo can still send.
/// </remarks>
public sealed partial class TraceWriteQueue : IWriteBackpressureSource, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>Past this share of its capacity the queue asks for new traces to be refused, keeping room for decided ones.</summary>
    private const double HighWaterMark = 0.8;

    private const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<QueuedTrace> channel;
    private readonly ITraceWriter writer;
    private readonly int batchSize;
    private readonly int highWater;
    private readonly TimeProvider time;
    private readonly SettledTraceNotifier settled;
    private readonly ILogger<TraceWriteQueue> logger;
    private readonly CancellationTokenSource stoppingSource = new();
    private Task loop = Task.CompletedTask;
    private volatile bool stopping;

    public TraceWriteQueue(ITraceWriter writer, IOptions<StorageOptions> options, TimeProvider time, SettledTraceNotifier settled, ILogger<TraceWriteQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        channel = Channel.CreateBounded<QueuedTrace>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        this.writer = writer;
        batchSize = options.Value.WriteBatchSize;
        highWater = (int)(options.Value.WriteQueueCapacity * HighWaterMark);
        this.time = time;
        this.settled = settled;
        this.logger = logger;
    }

    /// <summary>
    /// The queue alone: it drains into memory far faster than traces are decided, so the silo's
    /// live traces (bounded by MaxLiveTraces, a larger number) are not weighed against it.
    /// </summary>
    public bool Saturated(int liveTraces, long liveSpans) => channel.Reader.Count >= highWater;

    /// <summary>
    /// Queues a kept trace; false (counted as a drop) when the queue is full. The
    /// <paramref name="replayers"/> hold its spans until told it is settled: after the write, or
    /// now if it is dropped (a replay to the same live silo would not get it written either).
    /// </summary>
    public bool TryEnqueue(StoredTrace trace, IReadOnlyCollection<ISettledTracesObserver> replayers)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (channel.Writer.TryWrite(new QueuedTrace(trace, replayers)))
        {
            GrainsMetrics.WriteQueueLength.Inc();
            return true;
        }

        var reason = stopping ? DropReasons.ShuttingDown : DropReasons.WriteQueueFull;
        GrainsMetrics.Drop(reason, trace.Spans.Length);
        LogNotQueued(logger, trace.Key.TraceId, trace.Spans.Length, reason);
        settled.Settle(trace.Key, replayers);
        return false;
    }

    /// <summary>Starts with the application services, and stops after the grains have deactivated (their stage stops first).</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(TraceWriteQueue), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => RunAsync(stoppingSource.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes no more, lets the loop finish what is queued, and writes anything it left, each
    /// batch with one last attempt: a silo on its way out does not wait to retry.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        channel.Writer.TryComplete();
        await stoppingSource.CancelAsync();
        await loop;
        await DrainAsync(stoppingSource.Token);
    }

    public void Dispose() => stoppingSource.Dispose();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await DrainAsync(stoppingToken);
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<QueuedTrace>(batchSize);
        while (true)
        {
            while (batch.Count < batchSize && channel.Reader.TryRead(out var trace))
            {
                batch.Add(trace);
            }

            if (batch.Count == 0)
            {
                return;
            }

            GrainsMetrics.WriteQueueLength.Dec(batch.Count);
            await WriteWithRetryAsync([.. batch.Select(q => q.Trace)], stoppingToken);
            foreach (var queued in batch)
            {
                settled.Settle(queued.Trace.Key, queued.Replayers);
            }

            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<StoredTrace> batch, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await writer.WriteAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException && attempt < MaxAttempts && !stoppingToken.IsCancellationRequested)
            {
                LogWriteRetry(logger, batch.Count, attempt, ex);
                // Cut short when the queue stops; the next attempt is then the last.
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay *= 2;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                var spans = batch.Sum(t => t.Spans.Length);
                GrainsMetrics.Drop(DropReasons.StorageWriteFailed, spans);
                LogWriteFailed(logger, batch.Count, spans, batch[0].Key.TraceId, ex);
                return;
            }
        }
    }

    /// <summary>A kept trace and the gateways to tell once it is written.</summary>
    private sealed record QueuedTrace(StoredTrace Trace, IReadOnlyCollection<ISettledTracesObserver> Replayers);

    [LoggerMessage(1, LogLevel.Warning, "Dropped kept trace {TraceId} with {SpanCount} spans: {Reason}")]
    private static partial void LogNotQueued(ILogger logger, string traceId, int spanCount, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Writing {TraceCount} kept traces failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteRetry(ILogger logger, int traceCount, int attempt, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Gave up writing {TraceCount} kept traces ({SpanCount} spans, first {TraceId}); they are lost")]
    private static partial void LogWriteFailed(ILogger logger, int traceCount, int spanCount, string traceId, Exception exception);
}

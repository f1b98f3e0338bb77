using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// The silo's bounded queue of kept traces, drained in batches by a background loop into
/// the <see cref="ITraceWriter"/>, so grains never wait on storage. Batches form naturally:
/// the loop takes whatever has queued up while the previous write ran.
/// </summary>
public sealed partial class TraceWriteQueue : BackgroundService, IWriteBackpressureSource
{
    /// <summary>Past this share of its capacity the queue asks for new traces to be refused, keeping room for decided ones.</summary>
    private const double HighWaterMark = 0.8;

    private const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<StoredTrace> channel;
    private readonly ITraceWriter writer;
    private readonly int batchSize;
    private readonly int highWater;
    private readonly TimeProvider time;
    private readonly ILogger<TraceWriteQueue> logger;
    private volatile bool stopping;

    public TraceWriteQueue(ITraceWriter writer, IOptions<StorageOptions> options, TimeProvider time, ILogger<TraceWriteQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        channel = Channel.CreateBounded<StoredTrace>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        this.writer = writer;
        batchSize = options.Value.WriteBatchSize;
        highWater = (int)(options.Value.WriteQueueCapacity * HighWaterMark);
        this.time = time;
        this.logger = logger;
    }

    /// <summary>
    /// The queue alone: it drains into memory far faster than traces are decided, so the silo's
    /// live traces (bounded by MaxLiveTraces, a larger number) are not weighed against it.
    /// </summary>
    public bool Saturated(int liveTraces, long liveSpans) => channel.Reader.Count >= highWater;

    /// <summary>Queues a kept trace; false (counted as a drop) when the queue is full.</summary>
    public bool TryEnqueue(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (channel.Writer.TryWrite(trace))
        {
            GrainsMetrics.WriteQueueLength.Inc();
            return true;
        }

        var reason = stopping ? DropReasons.ShuttingDown : DropReasons.WriteQueueFull;
        GrainsMetrics.Drop(reason, trace.Spans.Length);
        LogNotQueued(logger, trace.Key.TraceId, trace.Spans.Length, reason);
        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Take no more, let the loop finish what is queued, and write anything it left
        // (the loop never runs at all when the host stops right after starting).
        stopping = true;
        channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await DrainAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await DrainAsync(stoppingToken);
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StoredTrace>(batchSize);
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
            await WriteWithRetryAsync(batch, stoppingToken);
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
                await Task.Delay(delay, time, CancellationToken.None);
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

    [LoggerMessage(1, LogLevel.Warning, "Dropped kept trace {TraceId} with {SpanCount} spans: {Reason}")]
    private static partial void LogNotQueued(ILogger logger, string traceId, int spanCount, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Writing {TraceCount} kept traces failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteRetry(ILogger logger, int traceCount, int attempt, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Gave up writing {TraceCount} kept traces ({SpanCount} spans, first {TraceId}); they are lost")]
    private static partial void LogWriteFailed(ILogger logger, int traceCount, int spanCount, string traceId, Exception exception);
}

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
public sealed partial class TraceWriteQueue : BackgroundService
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<StoredTrace> channel;
    private readonly ITraceWriter writer;
    private readonly int batchSize;
    private readonly TimeProvider time;
    private readonly ILogger<TraceWriteQueue> logger;

    public TraceWriteQueue(ITraceWriter writer, IOptions<StorageOptions> options, TimeProvider time, ILogger<TraceWriteQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        channel = Channel.CreateBounded<StoredTrace>(new BoundedChannelOptions(options.Value.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        this.writer = writer;
        batchSize = options.Value.WriteBatchSize;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Queues a kept trace; false (counted as a drop) when the queue is full.</summary>
    public bool TryEnqueue(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (channel.Writer.TryWrite(trace))
        {
            GrainsMetrics.WriteQueueLength.Inc();
            return true;
        }

        GrainsMetrics.Drop(DropReasons.WriteQueueFull, trace.Spans.Length);
        LogQueueFull(logger, trace.Key.TraceId, trace.Spans.Length);
        return false;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the loop drain what is queued before the silo stops.
        channel.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StoredTrace>(batchSize);
        while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < batchSize && channel.Reader.TryRead(out var trace))
            {
                batch.Add(trace);
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

    [LoggerMessage(1, LogLevel.Warning, "Write queue full: dropped kept trace {TraceId} with {SpanCount} spans")]
    private static partial void LogQueueFull(ILogger logger, string traceId, int spanCount);

    [LoggerMessage(2, LogLevel.Warning, "Writing {TraceCount} kept traces failed (attempt {Attempt}); retrying")]
    private static partial void LogWriteRetry(ILogger logger, int traceCount, int attempt, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Gave up writing {TraceCount} kept traces ({SpanCount} spans, first {TraceId}); they are lost")]
    private static partial void LogWriteFailed(ILogger logger, int traceCount, int spanCount, string traceId, Exception exception);
}

using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Queues finished spans and sends them to the collector in batches from one background loop.
/// A batch leaves as soon as it is full, and whatever is queued leaves every <c>FlushInterval</c>.
/// <see cref="TryEnqueue"/> never blocks: when the queue is full the span is dropped and counted.
/// Retryable failures are retried with backoff, honouring <c>Retry-After</c>; a batch the collector
/// finds too large is split. Disposing sends what is queued, for at most <c>ShutdownTimeout</c>.
/// </summary>
public sealed partial class BatchingActivityExporter : IAsyncDisposable
{
    private readonly Channel<Activity> queue;
    private readonly ISpanTransport transport;
    private readonly TimeProvider time;
    private readonly RetryBackoff backoff;
    private readonly ILogger logger;
    private readonly string serviceName;
    private readonly int maxBatchSize;
    private readonly int maxRetryAttempts;
    private readonly TimeSpan flushInterval;
    private readonly TimeSpan shutdownTimeout;
    private readonly CancellationTokenSource hardStop = new();
    private readonly Task worker;
    private TaskCompletionSource wake = NewSignal();
    private TaskCompletionSource progress = NewSignal();
    private volatile bool stopping;
    private int flushRequested;
    private long enqueued, exported, rejected, droppedQueueFull, droppedAfterRetries, droppedAtShutdown, retries, batches;

    public BatchingActivityExporter(TraceFlowOptions options, ISpanTransport transport, TimeProvider time, ILogger<BatchingActivityExporter> logger)
        : this(options, transport, time, logger, new Random())
    {
    }

    internal BatchingActivityExporter(TraceFlowOptions options, ISpanTransport transport, TimeProvider time, ILogger logger, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.transport = transport;
        this.time = time;
        this.logger = logger;
        serviceName = options.ServiceName;
        maxBatchSize = options.MaxBatchSize;
        maxRetryAttempts = options.MaxRetryAttempts;
        flushInterval = options.FlushInterval;
        shutdownTimeout = options.ShutdownTimeout;
        backoff = new RetryBackoff(options.MaxRetryDelay, random);
        queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.MaxQueueSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // The loop must not inherit the caller's activity or it would parent the export requests.
        using (ExecutionContext.SuppressFlow())
        {
            worker = Task.Run(RunAsync);
        }
    }

    public ExporterStatistics Statistics => new(
        Interlocked.Read(ref enqueued),
        Interlocked.Read(ref exported),
        Interlocked.Read(ref rejected),
        Interlocked.Read(ref droppedQueueFull),
        Interlocked.Read(ref droppedAfterRetries),
        Interlocked.Read(ref droppedAtShutdown),
        Interlocked.Read(ref retries),
        Interlocked.Read(ref batches));

    /// <summary>Hands a finished span to the exporter; false (and counted) when it had to be dropped.</summary>
    public bool TryEnqueue(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (stopping || !queue.Writer.TryWrite(activity))
        {
            if (stopping)
            {
                Drop(ref droppedAtShutdown, "shutdown", 1);
            }
            else
            {
                Drop(ref droppedQueueFull, "queue_full", 1);
            }

            return false;
        }

        Interlocked.Increment(ref enqueued);
        if (queue.Reader.Count >= maxBatchSize)
        {
            Volatile.Read(ref wake).TrySetResult();
        }

        return true;
    }

    /// <summary>Sends everything queued before the call; completes when each of those spans is exported or dropped.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref enqueued);
        while (Statistics.Completed < target && !worker.IsCompleted)
        {
            var signal = Volatile.Read(ref progress);
            if (Statistics.Completed >= target)
            {
                break;
            }

            Interlocked.Exchange(ref flushRequested, 1);
            Volatile.Read(ref wake).TrySetResult();
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        queue.Writer.TryComplete();
        Volatile.Read(ref wake).TrySetResult();
        try
        {
            await worker.WaitAsync(shutdownTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Out of time: abandon the send or retry wait in progress; the loop counts what is left.
            await hardStop.CancelAsync().ConfigureAwait(false);
            await worker.ConfigureAwait(false);
        }

        hardStop.Dispose();
    }

    private async Task RunAsync()
    {
        Activity.Current = null;
        using var suppression = InstrumentationSuppression.Begin();
        var batch = new List<Activity>(maxBatchSize);
        while (!queue.Reader.Completion.IsCompleted)
        {
            await WaitForWorkAsync().ConfigureAwait(false);
            Interlocked.Exchange(ref flushRequested, 0);
            while (queue.Reader.TryRead(out var activity))
            {
                batch.Add(activity);
                if (batch.Count == maxBatchSize || queue.Reader.Count == 0)
                {
                    await ExportAsync(batch).ConfigureAwait(false);
                    batch = new List<Activity>(maxBatchSize);
                    Interlocked.Exchange(ref progress, NewSignal()).TrySetResult();
                }
            }
        }

        Interlocked.Exchange(ref progress, NewSignal()).TrySetResult();
    }

    /// <summary>Waits for a full batch, a flush, shutdown, or the flush interval, whichever comes first.</summary>
    private async Task WaitForWorkAsync()
    {
        // Publish the new signal before looking at the queue, so an enqueue can't slip between the two.
        var signal = NewSignal();
        Volatile.Write(ref wake, signal);
        if (stopping || Volatile.Read(ref flushRequested) == 1 || queue.Reader.Count >= maxBatchSize)
        {
            return;
        }

        using var timer = new CancellationTokenSource();
        var interval = Task.Delay(flushInterval, time, timer.Token);
        await Task.WhenAny(signal.Task, interval).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
    }

    private async Task ExportAsync(List<Activity> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref batches);
            ExportResult result;
            try
            {
                result = await transport.SendAsync(batch, serviceName, hardStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                Drop(ref droppedAtShutdown, "shutdown", batch.Count);
                return;
            }

            switch (result.Status)
            {
                case ExportStatus.Success:
                    Count(ref exported, batch.Count - result.RejectedSpans);
                    SdkMetrics.CountExported(serviceName, batch.Count - result.RejectedSpans);
                    if (result.RejectedSpans > 0)
                    {
                        Reject(result.RejectedSpans, "the collector refused invalid spans");
                    }

                    return;
                case ExportStatus.TooLarge when batch.Count > 1:
                    var half = batch.Count / 2;
                    await ExportAsync(batch.GetRange(0, half)).ConfigureAwait(false);
                    await ExportAsync(batch.GetRange(half, batch.Count - half)).ConfigureAwait(false);
                    return;
                case ExportStatus.TooLarge:
                case ExportStatus.Rejected:
                    Reject(batch.Count, result.Error);
                    return;
            }

            if (attempt >= maxRetryAttempts)
            {
                LogRetriesExhausted(batch.Count, attempt + 1, result.Error);
                Drop(ref droppedAfterRetries, "retries_exhausted", batch.Count);
                return;
            }

            var delay = backoff.DelayBefore(attempt + 1, result.RetryAfter);
            LogRetryScheduled(batch.Count, delay.TotalMilliseconds, result.Error);
            try
            {
                await Task.Delay(delay, time, hardStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                Drop(ref droppedAtShutdown, "shutdown", batch.Count);
                return;
            }

            Interlocked.Increment(ref retries);
            SdkMetrics.CountRetry(serviceName);
        }
    }

    private void Reject(int count, string? error)
    {
        LogSpansRejected(count, error);
        Count(ref rejected, count);
        SdkMetrics.CountDropped(serviceName, "rejected", count);
    }

    private void Drop(ref long counter, string reason, int count)
    {
        Count(ref counter, count);
        SdkMetrics.CountDropped(serviceName, reason, count);
    }

    private static void Count(ref long counter, int count) => Interlocked.Add(ref counter, count);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(1, LogLevel.Warning, "The collector refused {SpanCount} spans: {Error}")]
    private partial void LogSpansRejected(int spanCount, string? error);

    [LoggerMessage(2, LogLevel.Debug, "Export of {SpanCount} spans failed ({Error}); retrying in {DelayMs} ms")]
    private partial void LogRetryScheduled(int spanCount, double delayMs, string? error);

    [LoggerMessage(3, LogLevel.Warning, "Dropped {SpanCount} spans after {Attempts} failed attempts: {Error}")]
    private partial void LogRetriesExhausted(int spanCount, int attempts, string? error);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Schema;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// The silo's one batching writer to ClickHouse. Kept traces queue here (bounded in spans);
/// a batch goes out when <see cref="ClickHouseOptions.BatchSize"/> spans are waiting or
/// <see cref="ClickHouseOptions.FlushInterval"/> has passed. When ClickHouse is slow or down
/// a batch is retried with backoff and jitter until it lands (the schema is ensured again
/// first, in case the server came back empty, and a retry leaves out the spans that did land),
/// the queue grows, and past its high-water mark the silo refuses new traces (ingest answers
/// 503 with <c>Retry-After</c> before acknowledging them). A kept trace is never dropped here:
/// its spans were acknowledged, so traces admitted before the refusal (and late spans of kept
/// ones) still queue, past <see cref="ClickHouseOptions.QueueCapacity"/> if need be.
/// </summary>
public sealed partial class ClickHouseSink : BackgroundService, IWriteBackpressureSource
{
    /// <summary>Past this share of its capacity the sink asks for new traces to be refused, keeping room for the admitted ones.</summary>
    private const double HighWaterMark = 0.8;

    private readonly ConcurrentQueue<StoredTrace> queue = new();
    private readonly SchemaMigrator migrator;
    private readonly ServerFeatures features;
    private readonly int retentionDays;
    private readonly ClickHouseSpanWriter writer;
    private readonly TimeProvider time;
    private readonly ILogger<ClickHouseSink> logger;
    private readonly RetryDelays delays = new(Random.Shared);
    private readonly long capacity;
    private readonly long highWater;
    private readonly int batchSize;
    private readonly TimeSpan flushInterval;
    private readonly TimeSpan shutdownDrainTimeout;
    private List<StoredTrace> pending = [];
    private TaskCompletionSource batchReady = NewSignal();
    private long queuedSpans;
    private long writtenSpans;
    private int overCapacity;
    private bool schemaReady;

    public ClickHouseSink(
        ClickHouseDatabase database, IOptions<ClickHouseOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        migrator = new SchemaMigrator(database, loggers.CreateLogger<SchemaMigrator>());
        features = new ServerFeatures(database, loggers.CreateLogger<ServerFeatures>());
        retentionDays = options.Value.RetentionDays;
        writer = new ClickHouseSpanWriter(database);
        this.time = time;
        logger = loggers.CreateLogger<ClickHouseSink>();
        capacity = options.Value.QueueCapacity;
        highWater = (long)(capacity * HighWaterMark);
        batchSize = options.Value.BatchSize;
        flushInterval = options.Value.FlushInterval;
        shutdownDrainTimeout = options.Value.ShutdownDrainTimeout;
    }

    /// <summary>Spans queued or in the batch being written.</summary>
    public long QueuedSpans => Interlocked.Read(ref queuedSpans);

    /// <summary>Spans this sink has written to ClickHouse since it started.</summary>
    public long WrittenSpans => Interlocked.Read(ref writtenSpans);

    /// <summary>Past the high-water mark, counting the spans the silo holds undecided: they may all be kept and queue here.</summary>
    public bool Saturated(int liveTraces, long liveSpans) => QueuedSpans + liveSpans >= highWater;

    /// <summary>
    /// Queues a kept trace, always: refusing it now would lose spans ingest has acknowledged.
    /// Past the capacity (admitted traces outgrowing the headroom while ClickHouse is away) the
    /// queue still takes it, and says so once per episode.
    /// </summary>
    public void Enqueue(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var spans = trace.Spans.Length;
        var queued = Interlocked.Add(ref queuedSpans, spans);
        queue.Enqueue(trace);
        ClickHouseMetrics.QueuedSpans.Inc(spans);
        ClickHouseMetrics.EnqueuedSpans.Inc(spans);
        if (queued > capacity && Interlocked.Exchange(ref overCapacity, 1) == 0)
        {
            LogOverCapacity(logger, queued, capacity);
        }

        if (queued >= batchSize)
        {
            batchReady.TrySetResult();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Whatever is still queued gets the drain timeout (within the host's) to land.
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(shutdownDrainTimeout);
        try
        {
            while (pending.Count > 0 || !queue.IsEmpty)
            {
                await WriteBatchAsync(drain.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Out of time, or the host is already tearing the connection down.
            var lost = QueuedSpans;
            GrainsMetrics.Drop(DropReasons.ShuttingDown, lost);
            LogLostAtShutdown(logger, lost);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TryMigrateAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForBatchAsync(stoppingToken);
                do
                {
                    await WriteBatchAsync(stoppingToken);
                }
                while (QueuedSpans >= batchSize);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    /// <summary>Creates or migrates the schema at start-up, so queries find the tables before the first write; a failure waits for the first batch's retries.</summary>
    private async Task TryMigrateAsync(CancellationToken stoppingToken)
    {
        try
        {
            await MigrateAsync(stoppingToken);
            ClickHouseMetrics.Available.Set(1);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            ClickHouseMetrics.Available.Set(0);
            LogUnavailableAtStart(logger, ex);
        }
    }

    /// <summary>The versioned schema, then what this server's version adds.</summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(Migrations.All, cancellationToken);
        await features.ApplyAsync(retentionDays, cancellationToken);
        schemaReady = true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Until a full batch is queued, or the flush interval has passed with something queued.</summary>
    private async Task WaitForBatchAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var signal = batchReady;
            if (QueuedSpans >= batchSize)
            {
                return;
            }

            await Task.WhenAny(signal.Task, Task.Delay(flushInterval, time, stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();
            if (signal.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref batchReady, NewSignal(), signal);
            }

            if (!queue.IsEmpty || pending.Count > 0)
            {
                return;
            }
        }
    }

    /// <summary>Writes one batch (the one a failed attempt left, else up to a batch of queued spans), retrying until it lands.</summary>
    private async Task WriteBatchAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            var spans = 0;
            while (spans < batchSize && queue.TryDequeue(out var trace))
            {
                pending.Add(trace);
                spans += trace.Spans.Length;
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var batchSpans = pending.Sum(t => t.Spans.Length);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!schemaReady)
                {
                    await MigrateAsync(cancellationToken);
                }

                await (attempt == 1 ? writer.WriteAsync(pending, cancellationToken) : writer.WriteAgainAsync(pending, cancellationToken));
                break;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                schemaReady = false;
                ClickHouseMetrics.WriteFailures.Inc();
                ClickHouseMetrics.Available.Set(0);
                var delay = delays.After(attempt);
                if (attempt == 1 || attempt % 10 == 0)
                {
                    LogWriteFailed(logger, batchSpans, attempt, delay.TotalSeconds, QueuedSpans, ex);
                }

                await Task.Delay(delay, time, cancellationToken);
            }
        }

        if (!ClickHouseMetrics.Available.Value.Equals(1))
        {
            LogAvailable(logger);
        }

        ClickHouseMetrics.Available.Set(1);
        ClickHouseMetrics.Batches.Inc();
        ClickHouseMetrics.WrittenSpans.Inc(batchSpans);
        ClickHouseMetrics.QueuedSpans.Dec(batchSpans);
        Interlocked.Add(ref writtenSpans, batchSpans);
        if (Interlocked.Add(ref queuedSpans, -batchSpans) <= capacity)
        {
            Volatile.Write(ref overCapacity, 0);
        }

        pending = [];
    }

    /// <summary>What a later attempt can fix: the server down, slow, restarting, or refusing (the schema is ensured again first).</summary>
    private static bool IsTransient(Exception ex) =>
        ex is TraceStoreUnavailableException or global::ClickHouse.Driver.ClickHouseServerException || ClickHouseFailures.IsTransient(ex);

    [LoggerMessage(1, LogLevel.Warning, "Writing {SpanCount} spans to ClickHouse failed (attempt {Attempt}); retrying in {DelaySeconds:0.0} s with {QueuedSpans} spans queued")]
    private static partial void LogWriteFailed(ILogger logger, int spanCount, int attempt, double delaySeconds, long queuedSpans, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "ClickHouse is reachable; writing kept spans")]
    private static partial void LogAvailable(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "The ClickHouse queue holds {QueuedSpans} spans, past its capacity of {Capacity}: traces admitted before new ones were refused still queue, in memory, until ClickHouse takes them")]
    private static partial void LogOverCapacity(ILogger logger, long queuedSpans, long capacity);

    [LoggerMessage(5, LogLevel.Warning, "ClickHouse is not reachable at start-up; kept spans queue until it is")]
    private static partial void LogUnavailableAtStart(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Stopped with {SpanCount} kept spans not yet written to ClickHouse; they are lost")]
    private static partial void LogLostAtShutdown(ILogger logger, long spanCount);
}

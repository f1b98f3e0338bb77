using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Tests.Export;

public sealed class BatchingActivityExporterTests
{
    private readonly ObservableClock clock = new();
    private readonly ScriptedTransport transport = new();

    [Fact]
    public async Task Exporter_SendsFullBatch_WithoutWaitingForTheInterval()
    {
        await using var exporter = Create(batchSize: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(exporter.TryEnqueue(FinishedSpans.Create()));
        }

        var batch = await transport.NextSendAsync();

        Assert.Equal(3, batch.Count);
        Assert.Equal(["checkout"], transport.ServiceNames.Distinct());
        await Poll.UntilAsync(() => exporter.Statistics.Exported == 3);
    }

    [Fact]
    public async Task Exporter_SendsPartialBatch_OnlyOnceTheIntervalHasPassed()
    {
        await using var exporter = Create(batchSize: 100, flushInterval: TimeSpan.FromSeconds(5));
        exporter.TryEnqueue(FinishedSpans.Create());
        exporter.TryEnqueue(FinishedSpans.Create());

        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(transport.HasPendingSend);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await transport.NextSendAsync()).Count);
    }

    [Fact]
    public async Task Exporter_RetriesAfterTheCollectorsRetryAfter_ThenExports()
    {
        transport.Then(new ExportResult(ExportStatus.Retryable, RetryAfter: TimeSpan.FromSeconds(7), Error: "503"));
        await using var exporter = Create(batchSize: 2);
        exporter.TryEnqueue(FinishedSpans.Create());
        exporter.TryEnqueue(FinishedSpans.Create());
        await transport.NextSendAsync();

        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.False(transport.HasPendingSend);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var retried = await transport.NextSendAsync();

        Assert.Equal(2, retried.Count);
        await Poll.UntilAsync(() => exporter.Statistics.Exported == 2);
        Assert.Equal(1, exporter.Statistics.Retries);
        Assert.Equal(2, exporter.Statistics.Batches);
    }

    [Fact]
    public async Task Exporter_DropsAndCountsBatch_WhenEveryRetryFails()
    {
        transport.Default = new ExportResult(ExportStatus.Retryable, Error: "connection refused");
        await using var exporter = Create(batchSize: 1, maxRetries: 2);
        exporter.TryEnqueue(FinishedSpans.Create());

        for (var attempt = 0; attempt <= 2; attempt++)
        {
            await transport.NextSendAsync();
            if (attempt < 2)
            {
                await clock.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(1)); // the jittered backoff, not the 1 s interval
                clock.Advance(TimeSpan.FromSeconds(30));
            }
        }

        await Poll.UntilAsync(() => exporter.Statistics.DroppedAfterRetries == 1);
        Assert.Equal(0, exporter.Statistics.Exported);
        Assert.Equal(2, exporter.Statistics.Retries);
    }

    [Fact]
    public async Task Exporter_DropsAndCountsSpans_WhenTheQueueIsFull_WithoutBlocking()
    {
        var collectorStuck = new TaskCompletionSource<ExportResult>();
        transport.Then(_ => collectorStuck.Task);
        await using var exporter = Create(batchSize: 1, queueSize: 2);
        exporter.TryEnqueue(FinishedSpans.Create());
        await transport.NextSendAsync();

        var accepted = Enumerable.Range(0, 5).Count(_ => exporter.TryEnqueue(FinishedSpans.Create()));

        Assert.Equal(2, accepted);
        Assert.Equal(3, exporter.Statistics.DroppedQueueFull);
        collectorStuck.SetResult(new ExportResult(ExportStatus.Success));
        await Poll.UntilAsync(() => exporter.Statistics.Exported == 3);
    }

    [Fact]
    public async Task Exporter_SendsWhatIsQueued_WhenDisposed()
    {
        var exporter = Create(batchSize: 100, flushInterval: TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++)
        {
            exporter.TryEnqueue(FinishedSpans.Create());
        }

        await exporter.DisposeAsync();

        Assert.Equal(5, (await transport.NextSendAsync()).Count);
        Assert.Equal(5, exporter.Statistics.Exported);
        Assert.False(exporter.TryEnqueue(FinishedSpans.Create()));
        Assert.Equal(1, exporter.Statistics.DroppedAtShutdown);
    }

    [Fact]
    public async Task Exporter_GivesUpAtTheShutdownTimeout_AndCountsTheLoss()
    {
        var hanging = new TaskCompletionSource<ExportResult>();
        transport.Then(_ => hanging.Task);
        var exporter = Create(batchSize: 2, shutdownTimeout: TimeSpan.FromSeconds(3));
        exporter.TryEnqueue(FinishedSpans.Create());
        exporter.TryEnqueue(FinishedSpans.Create());
        await transport.NextSendAsync();

        var disposing = exporter.DisposeAsync().AsTask();
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromSeconds(3));
        await disposing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(2, exporter.Statistics.DroppedAtShutdown);
        Assert.Equal(0, exporter.Statistics.Exported);
    }

    [Fact]
    public async Task Flush_CompletesOnceEverySpanQueuedBeforeItIsExported()
    {
        await using var exporter = Create(batchSize: 2, flushInterval: TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            exporter.TryEnqueue(FinishedSpans.Create());
        }

        await exporter.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(3, exporter.Statistics.Exported);
    }

    [Fact]
    public async Task Exporter_SplitsABatchTheCollectorFindsTooLarge()
    {
        transport.Then(new ExportResult(ExportStatus.TooLarge, Error: "413"));
        await using var exporter = Create(batchSize: 4);
        for (var i = 0; i < 4; i++)
        {
            exporter.TryEnqueue(FinishedSpans.Create());
        }

        Assert.Equal(4, (await transport.NextSendAsync()).Count);
        Assert.Equal(2, (await transport.NextSendAsync()).Count);
        Assert.Equal(2, (await transport.NextSendAsync()).Count);
        await Poll.UntilAsync(() => exporter.Statistics.Exported == 4);
    }

    [Fact]
    public async Task Exporter_CountsSpansTheCollectorRefused_AndDoesNotRetryThem()
    {
        transport.Then(new ExportResult(ExportStatus.Success, RejectedSpans: 1))
            .Then(new ExportResult(ExportStatus.Rejected, RejectedSpans: 2, Error: "400"));
        await using var exporter = Create(batchSize: 2);
        for (var i = 0; i < 4; i++)
        {
            exporter.TryEnqueue(FinishedSpans.Create());
        }

        await transport.NextSendAsync();
        await transport.NextSendAsync();

        await Poll.UntilAsync(() => exporter.Statistics.Completed == 4);
        Assert.Equal(1, exporter.Statistics.Exported);
        Assert.Equal(3, exporter.Statistics.RejectedByCollector);
        Assert.Equal(0, exporter.Statistics.Retries);
    }

    [Fact]
    public void Exporter_RefusesInvalidOptions_NamingTheOption()
    {
        var options = new TraceFlowOptions { ServiceName = "checkout", FlushInterval = TimeSpan.Zero };

        var error = Assert.ThrowsAny<Exception>(() => new BatchingActivityExporter(options, transport, clock, NullLogger.Instance, new Random(1)));

        Assert.Contains(nameof(TraceFlowOptions.FlushInterval), error.Message, StringComparison.Ordinal);
    }

    private BatchingActivityExporter Create(
        int batchSize, int queueSize = 100, int maxRetries = 5, TimeSpan? flushInterval = null, TimeSpan? shutdownTimeout = null) =>
        new(
            new TraceFlowOptions
            {
                ServiceName = "checkout",
                MaxBatchSize = batchSize,
                MaxQueueSize = queueSize,
                MaxRetryAttempts = maxRetries,
                FlushInterval = flushInterval ?? TimeSpan.FromSeconds(1),
                ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5),
            },
            transport,
            clock,
            NullLogger.Instance,
            new Random(42));

}

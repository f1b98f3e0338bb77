using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class TraceWriteQueueTests
{
    private static StoredTrace Trace(string id) =>
        new(new TraceKey(TraceKey.DefaultTenant, id), [Span(id, "a"), Span(id, "b")], new SamplingDecision(true, "always_sample"));

    [Fact]
    public async Task TryEnqueue_WhenTheQueueIsFull_RefusesAndCountsTheSpans()
    {
        var writer = new BlockingWriter();
        using var queue = new TraceWriteQueue(
            writer, Options.Create(new StorageOptions { WriteQueueCapacity = 1, WriteBatchSize = 1 }), TimeProvider.System, new SettledTraceNotifier(SiloAddress.Zero, NullLogger<SettledTraceNotifier>.Instance), NullLogger<TraceWriteQueue>.Instance);
        await queue.StartAsync(TestContext.Current.CancellationToken);
        var droppedBefore = GrainsMetrics.SpansDropped.WithLabels(DropReasons.WriteQueueFull).Value;

        Assert.True(queue.TryEnqueue(Trace("first"), []));
        await writer.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(queue.TryEnqueue(Trace("second"), []));
        Assert.False(queue.TryEnqueue(Trace("third"), []));

        Assert.Equal(2, GrainsMetrics.SpansDropped.WithLabels(DropReasons.WriteQueueFull).Value - droppedBefore);
        writer.Release.SetResult();
        await queue.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["first", "second"], writer.Written.Select(t => t.Key.TraceId));
    }

    [Fact]
    public async Task StopAsync_DrainsWhatIsQueued_ThenRefusesAsShuttingDown()
    {
        var writer = new BlockingWriter();
        writer.Release.SetResult();
        using var queue = new TraceWriteQueue(writer, Options.Create(new StorageOptions()), TimeProvider.System, new SettledTraceNotifier(SiloAddress.Zero, NullLogger<SettledTraceNotifier>.Instance), NullLogger<TraceWriteQueue>.Instance);
        await queue.StartAsync(TestContext.Current.CancellationToken);
        var droppedBefore = GrainsMetrics.SpansDropped.WithLabels(DropReasons.ShuttingDown).Value;
        Assert.True(queue.TryEnqueue(Trace("a"), []));

        await queue.StopAsync(TestContext.Current.CancellationToken);

        Assert.Single(writer.Written);
        Assert.False(queue.TryEnqueue(Trace("late"), []));
        Assert.Equal(2, GrainsMetrics.SpansDropped.WithLabels(DropReasons.ShuttingDown).Value - droppedBefore);
    }

    /// <summary>A writer that holds its first write until released.</summary>
    private sealed class BlockingWriter : ITraceWriter
    {
        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<StoredTrace> Written { get; } = [];

        public async Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken)
        {
            FirstWriteStarted.TrySetResult();
            await Release.Task;
            Written.AddRange(traces);
        }
    }
}

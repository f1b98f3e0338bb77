using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk.Benchmarks;

/// <summary>
/// What a span costs the request path: start, three attributes, stop, hand to the exporter.
/// The exporter's send is discarded so the figure is the SDK's, not the network's.
/// </summary>
[MemoryDiagnoser]
public class SpanOverheadBenchmarks
{
    private static readonly ActivitySource Unobserved = new("TraceFlow.Benchmarks.Unobserved");
    private TraceFlowTelemetry telemetry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new TraceFlowOptions { ServiceName = "bench", MaxQueueSize = 1_000_000, MaxBatchSize = 1024 };
        telemetry = new TraceFlowTelemetry(options, new DiscardingTransport(), TimeProvider.System, NullLoggerFactory.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => telemetry.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>An instrumentation point nobody listens to: the floor.</summary>
    [Benchmark(Baseline = true)]
    public Activity? UnobservedActivity()
    {
        using var activity = Unobserved.StartActivity("lookup");
        return activity;
    }

    [Benchmark]
    public Activity? TracedSpanWithThreeAttributes()
    {
        using var span = telemetry.Tracer.StartSpan("inventory.lookup");
        span?.SetTag("inventory.sku", "book-42");
        span?.SetTag("inventory.quantity", 2);
        span?.SetTag("inventory.in_stock", true);
        return span;
    }
}

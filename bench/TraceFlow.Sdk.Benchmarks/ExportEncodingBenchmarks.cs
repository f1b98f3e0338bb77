using System.Buffers;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Benchmarks;

/// <summary>The exporter's background work per batch: encoding 512 finished spans as TraceFlow JSON.</summary>
[MemoryDiagnoser]
public class ExportEncodingBenchmarks
{
    private const int BatchSize = 512;
    private readonly ArrayBufferWriter<byte> buffer = new(1 << 20);
    private List<Activity> batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        batch = [.. Enumerable.Range(0, BatchSize).Select(i =>
        {
            var activity = new Activity("GET /inventory");
            activity.SetIdFormat(ActivityIdFormat.W3C);
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("http.route", "/inventory");
            activity.SetTag("http.response.status_code", 200);
            activity.Start();
            activity.Stop();
            return activity;
        })];
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeBatchPerSpan()
    {
        buffer.ResetWrittenCount();
        TraceFlowJsonSpanWriter.Write(buffer, batch, "inventory");
        return buffer.WrittenCount;
    }
}

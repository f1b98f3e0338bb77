using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace TraceFlow.Gateway.Benchmarks;

/// <summary>
/// The gateway's OTLP work per request before the grains: decoding a realistic export request
/// (512 spans, 10 per trace, 8 attributes each, 2 resources) and mapping it onto the span model.
/// Times are per span (OperationsPerInvoke), so spans/s = 10⁹ / ns.
/// </summary>
[MemoryDiagnoser]
public class OtlpIngestBenchmarks
{
    private readonly IngestOptions limits = new();
    private byte[] protobuf = [];
    private byte[] json = [];
    private ExportTraceServiceRequest parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        parsed = OtlpBenchmarkRequest.Create();
        protobuf = parsed.ToByteArray();
        json = OtlpBenchmarkRequest.ToOtlpJson(parsed);
        if (OtlpSpanMapper.Map(parsed, limits).Spans.Count != OtlpBenchmarkRequest.SpanCount)
        {
            throw new InvalidOperationException("The benchmark request should map without rejections.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OtlpBenchmarkRequest.SpanCount)]
    public int ProtobufDecodeAndMap() => OtlpSpanMapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(protobuf), limits).Spans.Count;

    [Benchmark(OperationsPerInvoke = OtlpBenchmarkRequest.SpanCount)]
    public int ProtobufDecodeOnly() => ExportTraceServiceRequest.Parser.ParseFrom(protobuf).ResourceSpans.Count;

    [Benchmark(OperationsPerInvoke = OtlpBenchmarkRequest.SpanCount)]
    public int MapOnly() => OtlpSpanMapper.Map(parsed, limits).Spans.Count;

    [Benchmark(OperationsPerInvoke = OtlpBenchmarkRequest.SpanCount)]
    public int JsonDecodeAndMap()
    {
        var decoded = OtlpJsonDecoder.Decode(json);
        return OtlpSpanMapper.Map(decoded.Request!, limits, decoded.SpanProblems).Spans.Count;
    }
}

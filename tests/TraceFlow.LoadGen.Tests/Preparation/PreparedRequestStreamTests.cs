extern alias gateway;

using Microsoft.Extensions.Time.Testing;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Json;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;
using TraceFlow.LoadGen.Preparation;

namespace TraceFlow.LoadGen.Tests.Preparation;

public sealed class PreparedRequestStreamTests
{
    private static readonly TraceShape Shape = new(10, 5, 8, 0.2, 0.2, TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    [Theory]
    [InlineData("json")]
    [InlineData("otlp")]
    public void EveryPass_SendsWholeTraces_EachUnderAFreshIdOfItsOwn(string protocol)
    {
        var format = protocol == "json" ? TraceIdFormat.Hex : TraceIdFormat.Bytes;
        using var encoder = Encoder(format);
        var source = new PreparedCycleSource(new PreparedCycleBuilder(Shape, 100, 8, encoder, new Random(3), time), time);
        var started = new List<TraceRecord>();
        var workers = Enumerable.Range(0, 2).Select(w => new PreparedRequestStream(source, new TraceIdSource(0x1234, 0x5678, w, 2), started.Add)).ToList();
        var spansById = new Dictionary<string, int>(StringComparer.Ordinal);
        var announced = 0L;

        foreach (var worker in workers)
        {
            for (var pass = 0; pass < 3; pass++)
            {
                do
                {
                    var body = worker.Next(out var spanCount);
                    var traceIds = Decode(format, body.Span);
                    Assert.Equal(spanCount, traceIds.Count);
                    announced += spanCount;
                    foreach (var id in traceIds)
                    {
                        spansById[id] = spansById.GetValueOrDefault(id) + 1;
                    }
                }
                while (worker.InPass);
            }
        }

        // Each id was started once, by one worker in one pass, and all its spans went out.
        Assert.Equal(started.Count, started.Select(t => t.Id).Distinct().Count());
        Assert.Equal(started.ToDictionary(t => t.Id.ToString(), t => t.SpanCount), spansById);
        Assert.Equal(announced, started.Sum(t => (long)t.SpanCount));
        Assert.Contains(started, t => t.HasError);
    }

    [Fact]
    public void Accept_CreditsTheSpansOfTheLastRequestOnly()
    {
        using var encoder = new JsonBodyEncoder();
        var source = new PreparedCycleSource(new PreparedCycleBuilder(Shape, 100, 8, encoder, new Random(4), time), time);
        var started = new List<TraceRecord>();
        var stream = new PreparedRequestStream(source, new TraceIdSource(0x1234, 0x5678, 0, 1), started.Add);
        var refused = Decode(TraceIdFormat.Hex, stream.Next(out _).Span).ToHashSet(StringComparer.Ordinal);
        while (stream.InPass)
        {
            stream.Next(out _);
            stream.Accept();
        }

        Assert.All(started, t => Assert.Equal(refused.Contains(t.Id.ToString()), t.AcceptedSpans < t.SpanCount));
        Assert.Contains(started, t => t.AcceptedSpans == t.SpanCount);
    }

    [Fact]
    public void TheCycle_IsRebuiltOnceItIsOlderThanTheRefreshInterval_SoSpanTimesStayCurrent()
    {
        using var encoder = new JsonBodyEncoder();
        var source = new PreparedCycleSource(new PreparedCycleBuilder(Shape, 100, 8, encoder, new Random(5), time), time);
        var first = source.Current();
        time.Advance(PreparedCycleSource.RefreshInterval / 2);
        Assert.Same(first, source.Current());

        time.Advance(PreparedCycleSource.RefreshInterval);
        var second = source.Current();

        Assert.NotSame(first, second);
        var spans = second.Requests.SelectMany(r => TraceFlowJsonSpanDecoder.Decode(r.Body, new IngestOptions()).Spans).ToList();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        // Roots end when their trace is generated; JSON's milliseconds round a little.
        Assert.Equal(second.Traces.Count, spans.Count(s => string.IsNullOrEmpty(s.ParentSpanId)));
        Assert.All(spans.Where(s => string.IsNullOrEmpty(s.ParentSpanId)), s => Assert.InRange(s.EndUnixNanos, now - 1_000_000, now + 1_000_000));
    }

    private static IBodyEncoder Encoder(TraceIdFormat format) => format == TraceIdFormat.Hex ? new JsonBodyEncoder() : new OtlpBodyEncoder();

    /// <summary>The trace id of every span in the body, as 32 hex characters.</summary>
    private static List<string> Decode(TraceIdFormat format, ReadOnlySpan<byte> body)
    {
        if (format == TraceIdFormat.Hex)
        {
            var decoded = TraceFlowJsonSpanDecoder.Decode(body, new IngestOptions());
            Assert.Null(decoded.Error);
            Assert.Empty(decoded.Rejections);
            return [.. decoded.Spans.Select(s => s.TraceId)];
        }

        // Parsed and mapped as the gateway's OTLP endpoints do (the load generator compiles its own copy of the messages).
        var request = gateway::TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1.ExportTraceServiceRequest.Parser.ParseFrom(body);
        var mapped = gateway::TraceFlow.Gateway.Ingest.Otlp.OtlpSpanMapper.Map(request, new IngestOptions());
        Assert.Empty(mapped.Rejections);
        return [.. mapped.Spans.Select(s => s.TraceId)];
    }
}

using Microsoft.Extensions.Time.Testing;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Tests.Generation;

public sealed class TraceGeneratorTests
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromSeconds(1);

    internal static TraceGenerator Generator(int spans = 10, int attributes = 8, double error = 0.01, double slow = 0.01, int seed = 1, int worker = 0, int workers = 1) =>
        new(new TraceShape(spans, 5, attributes, error, slow, SlowThreshold), new TraceIdSource(0x1234, 0x5678, worker, workers), new Random(seed), new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(57)]
    public void Next_SpansFormOneTree_ChildrenBeforeParents(int spanCount)
    {
        var generator = Generator(spans: spanCount);
        for (var t = 0; t < 200; t++)
        {
            var trace = generator.Next();
            Assert.Equal(spanCount, trace.Spans.Length);
            Assert.Equal(spanCount, trace.Record.SpanCount);
            var position = trace.Spans.Select((s, i) => (s.SpanId, i)).ToDictionary(x => x.SpanId, x => x.i);
            Assert.Equal(spanCount, position.Count); // span ids unique within the trace
            Assert.Single(trace.Spans, s => s.ParentSpanId == 0);
            Assert.Equal(0UL, trace.Spans[^1].ParentSpanId); // the root ends, and is exported, last
            foreach (var span in trace.Spans.Where(s => s.ParentSpanId != 0))
            {
                Assert.True(position.TryGetValue(span.ParentSpanId, out var parent), "parent is in the trace");
                Assert.True(parent > position[span.SpanId], "a child is exported before its parent");
                var parentSpan = trace.Spans[parent];
                Assert.True(span.StartUnixNanos >= parentSpan.StartUnixNanos && span.EndUnixNanos <= parentSpan.EndUnixNanos, "a child lies within its parent");
            }
        }
    }

    [Fact]
    public void Next_RootIsServerSpanWithSemanticAttributes()
    {
        var trace = Generator(attributes: 8).Next();
        var root = trace.Spans[^1];
        Assert.Equal(GeneratedSpanKind.Server, root.Kind);
        Assert.Equal("frontend", root.Service);
        Assert.Equal(8, root.Attributes.Length);
        Assert.Contains(root.Attributes, a => a.Key == "http.route" && !a.IsInt);
        Assert.Contains(root.Attributes, a => a.Key == "http.response.status_code" && a.IsInt && a.IntValue is 200 or 500);
        Assert.All(trace.Spans, s => Assert.Equal(8, s.Attributes.Select(a => a.Key).Distinct().Count()));
        Assert.Contains(Generator(spans: 200).Next().Spans, s => s.Attributes.Any(a => a.Key == "db.system"));
    }

    [Fact]
    public void Next_TraceIdsAreUniqueAcrossWorkers()
    {
        var ids = new HashSet<TraceId>();
        for (var worker = 0; worker < 4; worker++)
        {
            var generator = Generator(spans: 1, worker: worker, workers: 4, seed: 7);
            for (var t = 0; t < 20_000; t++)
            {
                Assert.True(ids.Add(generator.Next().Id));
            }
        }

        var hex = ids.First().ToString();
        Assert.Matches("^[0-9a-f]{32}$", hex);
    }

    [Fact]
    public void Next_ErrorAndSlowFractions_MatchConfiguration()
    {
        var generator = Generator(spans: 10, error: 0.05, slow: 0.10, seed: 3);
        const int Traces = 20_000;
        var errorSpans = 0;
        var slowTraces = 0;
        for (var t = 0; t < Traces; t++)
        {
            var trace = generator.Next();
            errorSpans += trace.Spans.Count(s => s.IsError);
            Assert.Equal(trace.Spans.Any(s => s.IsError), trace.Record.HasError);
            var root = trace.Spans[^1];
            var rootDuration = TimeSpan.FromTicks(root.DurationNanos / 100);
            if (trace.Record.IsSlow)
            {
                slowTraces++;
                Assert.True(rootDuration > SlowThreshold, "a slow root is over the collector's threshold");
            }
            else
            {
                Assert.True(rootDuration < SlowThreshold, "other roots are under it");
            }
        }

        Assert.InRange(errorSpans / (double)(Traces * 10), 0.045, 0.055);
        Assert.InRange(slowTraces / (double)Traces, 0.09, 0.11);
        Assert.Equal(0, Generator(error: 0, slow: 0).Next().Spans.Count(s => s.IsError));
    }
}

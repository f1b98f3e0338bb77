using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Tests.Generation;

public sealed class TraceInterleaverTests
{
    [Fact]
    public void Fill_InterleavesAndSplitsTraces_AndDrainCompletesThem()
    {
        const int Interleave = 8;
        const int BatchSpans = 25;
        var started = new List<TraceRecord>();
        var interleaver = new TraceInterleaver(TraceGeneratorTests.Generator(spans: 10), Interleave, new Random(5), started.Add);
        var batch = new RequestBatch();
        var requests = new List<List<BatchEntry>>();
        for (var r = 0; r < 200; r++)
        {
            interleaver.Fill(batch, BatchSpans, startNew: true);
            Assert.Equal(BatchSpans, batch.SpanCount);
            Assert.True(interleaver.OpenTraces <= Interleave);
            requests.Add([.. batch.Entries]);
        }

        while (interleaver.OpenTraces > 0)
        {
            interleaver.Fill(batch, BatchSpans, startNew: false);
            Assert.InRange(batch.SpanCount, 1, BatchSpans);
            requests.Add([.. batch.Entries]);
        }

        // Every span of every started trace went out exactly once, in export order (root last).
        var sent = new Dictionary<TraceId, (GeneratedTrace Trace, int Next, List<int> Requests)>();
        for (var r = 0; r < requests.Count; r++)
        {
            foreach (var entry in requests[r])
            {
                var state = sent.TryGetValue(entry.Trace.Id, out var s) ? s : (entry.Trace, 0, []);
                Assert.Equal(state.Next, entry.Start);
                state.Requests.Add(r);
                sent[entry.Trace.Id] = (state.Trace, state.Next + entry.Count, state.Requests);
            }
        }

        Assert.Equal(started.Count, sent.Count);
        Assert.All(sent.Values, s => Assert.Equal(s.Trace.Spans.Length, s.Next));

        // Requests mix traces, and traces are spread over consecutive requests.
        Assert.All(requests.Take(200), r => Assert.True(r.Select(e => e.Trace.Id).Distinct().Count() > 1));
        var split = sent.Values.Where(s => s.Requests.Distinct().Count() > 1).ToList();
        Assert.True(split.Count > started.Count / 4, $"{split.Count} of {started.Count} traces split across requests");
        Assert.All(split, s =>
        {
            var distinct = s.Requests.Distinct().Order().ToList();
            Assert.True(distinct.Zip(distinct.Skip(1)).All(p => p.Second - p.First <= Interleave), "a split trace continues in the next few requests");
        });
    }

    [Fact]
    public void Fill_SingleInterleave_SendsOneTraceAtATime()
    {
        var interleaver = new TraceInterleaver(TraceGeneratorTests.Generator(spans: 10), 1, new Random(5), _ => { });
        var batch = new RequestBatch();
        interleaver.Fill(batch, 4, startNew: true);
        Assert.Single(batch.Entries.Select(e => e.Trace.Id).Distinct());
        Assert.Equal(1, interleaver.OpenTraces);
    }
}

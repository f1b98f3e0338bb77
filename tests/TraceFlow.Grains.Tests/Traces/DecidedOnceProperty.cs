using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Traces;

/// <summary>
/// Whatever order a trace's spans arrive in, however they are split over calls, retried, or
/// spread around the decision: the trace is decided exactly once, a kept trace is stored with
/// every span exactly once, and a dropped trace is never stored.
/// </summary>
[Collection(CountingClusterCollection.Name)]
public sealed class DecidedOnceProperty(CountingClusterFixture fixture)
{
    private const int Cases = 60;

    [Theory]
    [InlineData(20261202)]
    [InlineData(7)]
    public async Task EveryTrace_IsDecidedOnce_AndAKeptTraceIsStoredComplete(int seed)
    {
        var random = new Random(seed);
        var cases = Enumerable.Range(0, Cases).Select(_ => TraceCase.Generate(random)).ToList();

        // Interleave the traces round by round, moving the clock a random step (up to about
        // twice the early decision wait) between rounds, so some spans come after their decision.
        var rounds = cases.Max(c => c.Batches.Count);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var batch in cases.Where(c => round < c.Batches.Count).Select(c => c.Batches[round]))
            {
                var result = await fixture.SendAsync([.. batch]);
                Assert.False(result.Overloaded);
            }

            await fixture.AdvanceAsync(CountingClusterFixture.EarlyDecisionWait * (random.NextDouble() * 2));
        }

        foreach (var trace in cases)
        {
            var context = $"seed {seed}, {trace}";
            await fixture.WaitForDecisionAsync(trace.TraceId);
            if (CountingClusterFixture.CountingPolicy.Keeps(trace.TraceId))
            {
                var stored = await fixture.WaitUntilStoredAsync(trace.TraceId, minSpans: trace.SpanIds.Count);
                Assert.True(trace.SpanIds.Order().SequenceEqual(stored.Spans.Select(s => s.SpanId).Order()), context);
            }
            else
            {
                Assert.Null(await fixture.GetStoredAsync(trace.TraceId));
            }

            Assert.True(CountingClusterFixture.Policy.Evaluations(trace.TraceId) == 1, $"{context}: evaluated {CountingClusterFixture.Policy.Evaluations(trace.TraceId)} times");
        }
    }

    /// <summary>One generated trace: its spans shuffled and cut into batches, some batches sent twice.</summary>
    private sealed record TraceCase(string TraceId, IReadOnlyList<string> SpanIds, IReadOnlyList<Span[]> Batches, bool HasRoot)
    {
        public static TraceCase Generate(Random random)
        {
            var traceId = NewTraceId();
            var count = random.Next(1, 25);
            var hasRoot = random.NextDouble() < 0.8;
            var spans = Enumerable.Range(0, count)
                .Select(i => Span(traceId, $"s{i}", parent: i == 0 ? (hasRoot ? null : "missing-root") : $"s{random.Next(i)}", startOffsetMs: i, durationMs: random.Next(1, 50)))
                .ToArray();
            random.Shuffle(spans);
            var batches = new List<Span[]>();
            for (var start = 0; start < spans.Length;)
            {
                var size = random.Next(1, Math.Min(6, spans.Length - start) + 1);
                batches.Add(spans[start..(start + size)]);
                start += size;
                if (random.NextDouble() < 0.15)
                {
                    batches.Add(batches[random.Next(batches.Count)]); // a client retry, possibly of an older batch
                }
            }

            return new TraceCase(traceId, [.. spans.Select(s => s.SpanId)], batches, hasRoot);
        }

        public override string ToString() =>
            $"trace {TraceId}: {SpanIds.Count} spans{(HasRoot ? "" : " without a root")} in batches [{string.Join(" | ", Batches.Select(b => string.Join(",", b.Select(s => s.SpanId))))}]";
    }
}

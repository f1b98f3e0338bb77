using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Stats;

[Collection(SamplingClusterCollection.Name)]
public sealed class StatsGrainTests(SamplingClusterFixture fixture)
{
    [Fact]
    public async Task Stats_PerServiceAndOperationPercentiles_MatchAReferenceOnRandomData()
    {
        // Names unique to this test: the cluster is shared with other tests.
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] services = [$"front-{tag}", $"back-{tag}"];
        string[] operations = ["read", "write"];
        var random = new Random(42);
        var sent = new List<Span>();
        for (var t = 0; t < 150; t++)
        {
            var traceId = NewTraceId();
            var spans = Enumerable.Range(0, 4).Select(i => Span(
                traceId,
                $"s{i}",
                parent: i == 0 ? null : "s0",
                service: services[random.Next(services.Length)],
                operation: operations[random.Next(operations.Length)],
                durationMs: Math.Round(Math.Exp(random.NextDouble() * 8), 3),
                status: random.NextDouble() < 0.1 ? SpanStatusCode.Error : SpanStatusCode.Ok)).ToArray();
            sent.AddRange(spans);
            await fixture.SendAsync(spans);
        }

        var snapshot = await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
                return await fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant).GetSnapshotAsync();
            },
            s => services.Sum(name => s.Services.FirstOrDefault(x => x.Service == name)?.Totals.SpanCount ?? 0) == sent.Count,
            "every span to reach the stats grain");

        foreach (var service in services)
        {
            var actual = snapshot.Services.Single(s => s.Service == service);
            AssertMatches(sent.Where(s => s.Service == service).ToList(), actual.Totals);
            foreach (var operation in operations)
            {
                AssertMatches(
                    sent.Where(s => s.Service == service && s.Operation == operation).ToList(),
                    actual.Operations.Single(o => o.Name == operation));
            }
        }
    }

    [Fact]
    public async Task Stats_CountTracesBeforeSampling_AndReportKeptAndDroppedBesideThem()
    {
        var grain = fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant);
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
        var before = await grain.GetSnapshotAsync();
        var kept = NewTraceId(sampledIn: true, SamplingClusterFixture.SampleRate, SamplingClusterFixture.HashSalt);
        var dropped = NewTraceId(sampledIn: false, SamplingClusterFixture.SampleRate, SamplingClusterFixture.HashSalt);
        await fixture.SendAsync(Span(kept, "a"));
        await fixture.SendAsync(Span(dropped, "a"));
        await fixture.WaitForDecisionAsync(kept);
        await fixture.WaitForDecisionAsync(dropped);

        var after = await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
                return await grain.GetSnapshotAsync();
            },
            s => s.KeptTraceCount > before.KeptTraceCount && s.DroppedTraceCount > before.DroppedTraceCount,
            "both decisions to reach the stats grain");

        // Other tests may run decisions meanwhile, so compare with at-least.
        Assert.True(after.TraceCount >= before.TraceCount + 2);
        Assert.Equal(after.TraceCount, after.KeptTraceCount + after.DroppedTraceCount);
        Assert.True(after.DecisionsByPolicy["dropped:probabilistic"] >= 1);
        Assert.True(after.TraceDurations.Count == after.TraceCount);
    }

    [Fact]
    public async Task Stats_CoverFromActivationToNow_AndTheTimelineCountsWhatArrived()
    {
        var grain = fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant);
        // Hour-long steps from an hour ago to an hour ahead, so the spans land in them however far the shared clock moves.
        var now = UnixTime.Nanos(fixture.Clock.GetUtcNow());
        var hour = TimelineRange.Covering(now - (3_600 * UnixTime.NanosPerSecond), now + (3_600 * UnixTime.NanosPerSecond), 3_600);
        var before = (await grain.GetTimelineAsync(hour)).Sum(p => p.SpanCount);
        var traceId = NewTraceId();
        await fixture.SendAsync(Span(traceId, "a"), Span(traceId, "b", parent: "a", status: SpanStatusCode.Error));

        // Other tests send spans meanwhile, so compare with at-least.
        var points = await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
                return await grain.GetTimelineAsync(hour);
            },
            p => p.Sum(x => x.SpanCount) >= before + 2,
            "the spans to reach the timeline");
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal(hour.PointCount, points.Length);
        Assert.True(points.Sum(p => p.ErrorSpanCount) >= 1);
        Assert.Equal(UnixTime.Nanos(fixture.Clock.GetUtcNow()), snapshot.ToUnixNanos);
        Assert.InRange(snapshot.FromUnixNanos, 1, snapshot.ToUnixNanos);
    }

    private static void AssertMatches(List<Span> spans, OperationSnapshot actual)
    {
        Assert.Equal(spans.Count, actual.SpanCount);
        Assert.Equal(spans.Count(s => s.IsError), actual.ErrorCount);
        var durations = spans.Select(s => s.DurationNanos / 1_000_000.0).Order().ToList();
        QuantileAssert.AssertWithinAccuracy(QuantileAssert.ExactQuantile(durations, 0.50), actual.Durations.P50Ms);
        QuantileAssert.AssertWithinAccuracy(QuantileAssert.ExactQuantile(durations, 0.95), actual.Durations.P95Ms);
        QuantileAssert.AssertWithinAccuracy(QuantileAssert.ExactQuantile(durations, 0.99), actual.Durations.P99Ms);
    }
}

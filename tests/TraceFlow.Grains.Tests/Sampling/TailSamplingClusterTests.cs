using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling;

[Collection(SamplingClusterCollection.Name)]
public sealed class TailSamplingClusterTests(SamplingClusterFixture fixture)
{
    private const double Rate = SamplingClusterFixture.SampleRate;
    private const string Salt = SamplingClusterFixture.HashSalt;

    [Fact]
    public async Task TailSampling_KeepsTrace_WhenAnySpanHasError()
    {
        var traceId = NewTraceId(sampledIn: false, Rate, Salt);
        await fixture.SendAsync(Span(traceId, "root"), Span(traceId, "bad", parent: "root", status: SpanStatusCode.Error));

        var stored = await fixture.WaitUntilStoredAsync(traceId);

        Assert.True(stored.Decision.Keep);
        Assert.Equal("error", stored.Decision.Policy);
    }

    [Fact]
    public async Task TailSampling_KeepsTrace_WhenSlowerThanTheThreshold()
    {
        var traceId = NewTraceId(sampledIn: false, Rate, Salt);
        var slowMs = SamplingClusterFixture.SlowThreshold.TotalMilliseconds;
        await fixture.SendAsync(
            Span(traceId, "root", durationMs: 20),
            Span(traceId, "child", parent: "root", startOffsetMs: slowMs - 10, durationMs: 15));

        var stored = await fixture.WaitUntilStoredAsync(traceId);

        Assert.Equal("latency", stored.Decision.Policy);
    }

    [Fact]
    public async Task TailSampling_DropsTrace_WhenFastOkAndHashedOut()
    {
        var traceId = NewTraceId(sampledIn: false, Rate, Salt);
        await fixture.SendAsync(Span(traceId, "root", durationMs: 5));

        var decision = await fixture.WaitForDecisionAsync(traceId);

        Assert.Equal(new SamplingDecision(false, "probabilistic"), decision);
    }

    private static ProbabilisticPolicy Probabilistic { get; } = new("probabilistic", Rate * 100, Salt);

    [Fact]
    public async Task TailSampling_ProbabilisticRule_DecidesTheSameOnEverySilo()
    {
        var traceIds = Enumerable.Range(0, 40).Select(_ => NewTraceId()).ToList();
        await Task.WhenAll(traceIds.Select(id => fixture.SendAsync(Span(id, "root", durationMs: 5))));

        foreach (var id in traceIds)
        {
            var decision = await fixture.WaitForDecisionAsync(id);
            var expected = Probabilistic.Samples(id);
            Assert.Equal(new SamplingDecision(expected, "probabilistic"), decision);
        }

        // Hash placement spread the traces over both silos, and both applied the same rule.
        var keys = traceIds.Select(id => new TraceKey(TraceKey.DefaultTenant, id).ToString()).ToList();
        var decidedPerSilo = fixture.AllSiloServices<DecisionCache>().Select(cache => keys.Count(k => cache.Find(k) is not null)).ToList();
        Assert.Equal(2, decidedPerSilo.Count);
        Assert.All(decidedPerSilo, n => Assert.True(n > 0, $"each silo decided some traces: {string.Join(",", decidedPerSilo)}"));
        Assert.Equal(traceIds.Count, decidedPerSilo.Sum());
        Assert.InRange(traceIds.Count(Probabilistic.Samples), 1, traceIds.Count - 1);
    }
}

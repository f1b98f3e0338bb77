using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling;

public sealed class TailSamplerTests
{
    private static SampledTrace Trace(string id, params Span[] spans) => new(id, spans);

    private static PolicySet Seed(TailSamplingOptions options) => PolicySet.Build(options, PolicyContext.System, []) ?? throw new ArgumentException("invalid options");

    [Fact]
    public void TailSampler_KeepAll_KeepsEveryTraceAsAlwaysSample()
    {
        var sampler = Seed(new TailSamplingOptions { KeepAll = true, SampleRate = 0 });

        var decision = sampler.Decide(Trace("t", Span("t", "a")));

        Assert.Equal(new SamplingDecision(true, "always_sample"), decision);
    }

    [Fact]
    public void TailSampler_ErrorRule_DecidesBeforeTheLatencyRule()
    {
        var sampler = Seed(new TailSamplingOptions { SlowThreshold = TimeSpan.FromMilliseconds(1), SampleRate = 0 });

        var decision = sampler.Decide(Trace("t", Span("t", "a", durationMs: 50, status: SpanStatusCode.Error)));

        Assert.Equal("error", decision.Policy);
    }

    [Fact]
    public void TailSampler_RateZero_DropsOrdinaryTracesByTheProbabilisticRule()
    {
        var sampler = Seed(new TailSamplingOptions { SampleRate = 0 });

        Assert.Equal(new SamplingDecision(false, "probabilistic"), sampler.Decide(Trace("t", Span("t", "a"))));
    }

    [Fact]
    public void TailSampler_LatencyRule_MeasuresTheWholeTraceNotOneSpan()
    {
        var sampler = Seed(new TailSamplingOptions { SlowThreshold = TimeSpan.FromMilliseconds(100), SampleRate = 0 });

        // Two 60 ms spans 50 ms apart: the trace spans 110 ms.
        var decision = sampler.Decide(Trace("t", Span("t", "a", durationMs: 60), Span("t", "b", startOffsetMs: 50, durationMs: 60)));

        Assert.Equal("latency", decision.Policy);
    }

    [Fact]
    public void ProbabilisticPolicy_KeepsAboutTheConfiguredFraction()
    {
        var policy = new ProbabilisticPolicy("p", 25, "salt");

        var kept = Enumerable.Range(0, 20_000).Count(i => policy.Evaluate(Trace($"trace-{i}")) == PolicyDecision.Sampled);

        Assert.InRange(kept / 20_000.0, 0.23, 0.27);
    }

    [Fact]
    public void ProbabilisticPolicy_RejectsPercentagesOutsideZeroToHundred()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbabilisticPolicy("p", 100.5, ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbabilisticPolicy("p", -0.1, ""));
    }
}

using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Sampling.Preview;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling.Preview;

public sealed class PolicyReplayTests
{
    [Fact]
    public void Replay_CountsEachPolicysVerdicts_AndWhichPolicyDecided()
    {
        var set = new PolicySet(
        [
            new DropPolicy("no-health", [new StringAttributePolicy("health", "url.path", ["/healthz"])]),
            new StatusCodePolicy("errors", [SpanStatusCode.Error]),
            new LatencyPolicy("slow", 500),
            new StringAttributePolicy("not-internal", "internal", ["yes"], invertMatch: true),
        ]);
        var replay = new PolicyReplay(set, new ReplayClock(DateTimeOffset.UnixEpoch));

        replay.Evaluate(Trace(Span("t1", "a", durationMs: 10)));
        replay.Evaluate(Trace(Span("t2", "a", status: SpanStatusCode.Error)));
        replay.Evaluate(Trace(Span("t3", "a", durationMs: 800)));
        replay.Evaluate(Trace(Span("t4", "a", status: SpanStatusCode.Error, attributes: new SpanAttribute("url.path", "/healthz"))));
        replay.Evaluate(Trace(Span("t5", "a", status: SpanStatusCode.Error, attributes: new SpanAttribute("internal", "yes"))));
        var result = replay.Result();

        // t1: every policy declines or says "inverted keep" -> dropped by the last decline (slow).
        Assert.Equal(new ReplayResult(5, 2, 0, result.Policies), result);
        Assert.Equal(
            [
                new PolicyReplayResult("no-health", "drop", Sampled: 0, NotSampled: 4, InvertedSampled: 0, InvertedNotSampled: 0, Dropped: 1, DecidedKept: 0, DecidedDropped: 1),
                new PolicyReplayResult("errors", "status_code", Sampled: 3, NotSampled: 2, InvertedSampled: 0, InvertedNotSampled: 0, Dropped: 0, DecidedKept: 1, DecidedDropped: 0),
                new PolicyReplayResult("slow", "latency", Sampled: 1, NotSampled: 4, InvertedSampled: 0, InvertedNotSampled: 0, Dropped: 0, DecidedKept: 1, DecidedDropped: 1),
                new PolicyReplayResult("not-internal", "string_attribute", Sampled: 0, NotSampled: 0, InvertedSampled: 4, InvertedNotSampled: 1, Dropped: 0, DecidedKept: 0, DecidedDropped: 1),
            ],
            result.Policies);
        Assert.Equal([0, 3, 1, 4], result.Policies.Select(p => p.KeptAlone));
    }

    [Fact]
    public void Replay_StatefulPolicy_SeesEachTracesStartAsNow()
    {
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch);
        var perSecond = new OnePerSecondPolicy(new PolicyContext(clock));
        var replay = new PolicyReplay(new PolicySet([perSecond]), clock);

        foreach (var offsetMs in new[] { 0, 100, 999, 1000, 1500, 3200, 3300 })
        {
            replay.Evaluate(Trace(Span($"t{offsetMs}", "a", startOffsetMs: offsetMs)));
        }

        // Seconds 0, 1 and 3 each keep their first trace, as they would have live.
        Assert.Equal(3, replay.Result().Kept);
        Assert.Equal(
            new long[] { 0, 0, 0, 1000, 1000, 3000, 3000 }.Select(ms => ReplayClock.FromUnixNanos(BaseStartNanos + (ms * 1_000_000L)).ToUnixTimeSeconds()),
            perSecond.Seen.Select(t => t.ToUnixTimeSeconds()));
    }

    [Fact]
    public void ReplayClock_NeverMovesBackwards()
    {
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch.AddSeconds(10));

        clock.MoveTo(DateTimeOffset.UnixEpoch.AddSeconds(5));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(10), clock.GetUtcNow());
        clock.MoveTo(DateTimeOffset.UnixEpoch.AddSeconds(12));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(12), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(DateTimeOffset.UnixEpoch.AddSeconds(10).UtcTicks));
    }

    private static SampledTrace Trace(params Span[] spans) => new(spans[0].TraceId, spans);

    /// <summary>A rate limit in miniature: the first trace of each clock second.</summary>
    private sealed class OnePerSecondPolicy(PolicyContext context) : ITailSamplingPolicy
    {
        private long lastSecond = -1;

        public List<DateTimeOffset> Seen { get; } = [];

        public string Name => "one-per-second";

        public PolicyDecision Evaluate(SampledTrace trace)
        {
            var now = context.Time.GetUtcNow();
            Seen.Add(now);
            var second = now.ToUnixTimeSeconds();
            if (second == lastSecond)
            {
                return PolicyDecision.NotSampled;
            }

            lastSecond = second;
            return PolicyDecision.Sampled;
        }
    }
}

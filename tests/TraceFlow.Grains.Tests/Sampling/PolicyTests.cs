using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Budgets;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling;

/// <summary>Each policy type against the cases the Collector's own documentation describes.</summary>
public sealed class PolicyTests
{
    private static readonly SpanAttribute Get = new("http.method", "GET");
    private static readonly SpanAttribute HealthPath = new("url.path", "/health");
    private static readonly SpanAttribute Status500 = new("http.status_code", "500", AttributeValueType.IntValue);
    private static readonly SpanAttribute Status500AsText = new("http.status_code", "500");
    private static readonly SpanAttribute ForceSample = new("app.force_sample", "true", AttributeValueType.BoolValue);

    private static SampledTrace Trace(params Span[] spans) => new("t", spans);

    private static SampledTrace TraceWith(params SpanAttribute[] attributes) => Trace(Span("t", "a", attributes: attributes));

    public static TheoryData<string, SampledTrace, PolicyDecision> StatusCodeCases => new()
    {
        { "ERROR", Trace(Span("t", "a", status: SpanStatusCode.Error), Span("t", "b")), PolicyDecision.Sampled },
        { "ERROR", Trace(Span("t", "a"), Span("t", "b", status: SpanStatusCode.Unset)), PolicyDecision.NotSampled },
        { "UNSET", Trace(Span("t", "a", status: SpanStatusCode.Unset)), PolicyDecision.Sampled },
        { "OK", Trace(Span("t", "a", status: SpanStatusCode.Error)), PolicyDecision.NotSampled },
    };

    [Theory]
    [MemberData(nameof(StatusCodeCases))]
    public void StatusCode_SamplesWhenAnySpanHasOneOfTheCodes(string code, SampledTrace trace, PolicyDecision expected)
    {
        var policy = new StatusCodePolicy("s", [Enum.Parse<SpanStatusCode>(code, ignoreCase: true)]);

        Assert.Equal(expected, policy.Evaluate(trace));
    }

    [Theory]
    [InlineData(1000, 0, 999.9, PolicyDecision.NotSampled)] // whole milliseconds, as the Collector compares
    [InlineData(1000, 0, 1000, PolicyDecision.Sampled)]
    [InlineData(1000, 2000, 1000, PolicyDecision.NotSampled)] // with an upper bound the lower one is exclusive
    [InlineData(1000, 2000, 2000, PolicyDecision.Sampled)]
    [InlineData(1000, 2000, 2001, PolicyDecision.NotSampled)]
    public void Latency_ComparesTheWholeTracesDuration(long threshold, long upper, double traceMs, PolicyDecision expected)
    {
        var trace = Trace(Span("t", "a", durationMs: traceMs / 2), Span("t", "b", startOffsetMs: traceMs / 2, durationMs: traceMs / 2));

        Assert.Equal(expected, new LatencyPolicy("l", threshold, upper).Evaluate(trace));
    }

    [Fact]
    public void StringAttribute_MatchesExactValuesOnSpanOrResourceAttributes()
    {
        var policy = new StringAttributePolicy("s", "http.method", ["GET", "POST"]);

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TraceWith(Get)));
        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(Trace(Span("t", "a") with { ResourceAttributes = [Get] })));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(new SpanAttribute("http.method", "PUT"))));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(new SpanAttribute("other", "GET"))));
    }

    [Fact]
    public void StringAttribute_WithRegexMatching_MatchesAnywhereInTheValue()
    {
        var policy = new StringAttributePolicy("s", "url.path", [@"\/health", "^/metrics$"], enabledRegexMatching: true);

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TraceWith(HealthPath)));
        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TraceWith(new SpanAttribute("url.path", "/api/health/live"))));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(new SpanAttribute("url.path", "/metrics/x"))));
    }

    [Fact]
    public void StringAttribute_InvertMatch_ExcludesTracesWithTheValue()
    {
        var policy = new StringAttributePolicy("s", "url.path", ["/health"], invertMatch: true);

        Assert.Equal(PolicyDecision.InvertNotSampled, policy.Evaluate(TraceWith(HealthPath)));
        Assert.Equal(PolicyDecision.InvertSampled, policy.Evaluate(TraceWith(Get)));
    }

    [Fact]
    public void NumericAttribute_MatchesIntegersInTheRange_AndOnlyIntegers()
    {
        var policy = new NumericAttributePolicy("n", "http.status_code", 500, 599);

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TraceWith(Status500)));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(Status500AsText)));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(new SpanAttribute("http.status_code", "404", AttributeValueType.IntValue))));
        Assert.Equal(PolicyDecision.Sampled, new NumericAttributePolicy("n", "http.status_code", 500, null).Evaluate(TraceWith(Status500)));
        Assert.Equal(PolicyDecision.InvertNotSampled, new NumericAttributePolicy("n", "http.status_code", null, 500, invertMatch: true).Evaluate(TraceWith(Status500)));
    }

    [Fact]
    public void BooleanAttribute_MatchesTheValue()
    {
        Assert.Equal(PolicyDecision.Sampled, new BooleanAttributePolicy("b", "app.force_sample", true).Evaluate(TraceWith(ForceSample)));
        Assert.Equal(PolicyDecision.NotSampled, new BooleanAttributePolicy("b", "app.force_sample", false).Evaluate(TraceWith(ForceSample)));
        Assert.Equal(PolicyDecision.NotSampled, new BooleanAttributePolicy("b", "app.force_sample", true).Evaluate(TraceWith(new SpanAttribute("app.force_sample", "true"))));
    }

    [Theory]
    [InlineData(2, 0, 1, PolicyDecision.NotSampled)]
    [InlineData(2, 0, 50, PolicyDecision.Sampled)]
    [InlineData(2, 3, 3, PolicyDecision.Sampled)]
    [InlineData(2, 3, 4, PolicyDecision.NotSampled)]
    public void SpanCount_IsInclusive(int min, int max, int spans, PolicyDecision expected)
    {
        var trace = Trace([.. Enumerable.Range(0, spans).Select(i => Span("t", $"s{i}"))]);

        Assert.Equal(expected, new SpanCountPolicy("c", min, max).Evaluate(trace));
    }

    [Fact]
    public void TraceState_MatchesAMemberValue()
    {
        var policy = new TraceStatePolicy("ts", "tenant", ["gold", "silver"]);

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(Trace(Span("t", "a") with { TraceState = "rojo=00f067aa0ba902b7, tenant=gold" })));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(Trace(Span("t", "a") with { TraceState = "tenant=bronze" })));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(Trace(Span("t", "a"))));
    }

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "", 65, true)] // FNV-1a of "default-hash-seed" + id bytes is 0.6456 of the range
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "", 64, false)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "test-salt", 67.1, true)] // 0.6708 with this salt
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "test-salt", 67, false)]
    [InlineData("0af7651916cd43dd8448eb211c80319c", "", 20.3, true)] // 0.2021
    [InlineData("0af7651916cd43dd8448eb211c80319c", "", 20.2, false)]
    [InlineData("trace-1", "", 66.4, true)] // not hex: hashed as text, 0.6638
    [InlineData("trace-1", "", 66.3, false)]
    public void Probabilistic_KeepsExactlyWhatTheCollectorKeeps(string traceId, string salt, double percentage, bool sampled)
    {
        var trace = new SampledTrace(traceId, [Span(traceId, "a")]);

        Assert.Equal(sampled ? PolicyDecision.Sampled : PolicyDecision.NotSampled, new ProbabilisticPolicy("p", percentage, salt).Evaluate(trace));
    }

    public static TheoryData<string[], string[], bool, string, string, PolicyDecision> ServiceOperationCases => new()
    {
        { ["checkout"], [], false, "checkout", "anything", PolicyDecision.Sampled }, // no operations: any operation
        { ["checkout"], [], false, "payment", "anything", PolicyDecision.NotSampled },
        { [], ["GET /cart"], false, "any-service", "GET /cart", PolicyDecision.Sampled }, // no services: any service
        { ["checkout", "payment"], ["charge"], false, "payment", "charge", PolicyDecision.Sampled },
        { ["checkout", "payment"], ["charge"], false, "payment", "refund", PolicyDecision.NotSampled },
        { ["checkout"], ["charge"], false, "checkout-v2", "charge", PolicyDecision.NotSampled }, // exact values are whole
        { ["^checkout"], ["^GET "], true, "checkout-v2", "GET /cart", PolicyDecision.Sampled },
        { ["out"], [], true, "checkout", "op", PolicyDecision.Sampled }, // patterns are unanchored, as in string_attribute
        { ["^checkout$"], [], true, "checkout-v2", "op", PolicyDecision.NotSampled },
    };

    [Theory]
    [MemberData(nameof(ServiceOperationCases))]
    public void ServiceOperation_MatchesASpansServiceAndOperation(string[] services, string[] operations, bool regex, string service, string operation, PolicyDecision expected)
    {
        var policy = new ServiceOperationPolicy("so", services, operations, regex);

        Assert.Equal(expected, policy.Evaluate(Trace(Span("t", "root", service: "edge", operation: "GET /"), Span("t", "a", parent: "root", service: service, operation: operation))));
    }

    [Fact]
    public void ServiceOperation_NeedsServiceAndOperationOnTheSameSpan()
    {
        var policy = new ServiceOperationPolicy("so", ["payment"], ["charge"]);

        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(Trace(Span("t", "a", service: "payment", operation: "refund"), Span("t", "b", service: "checkout", operation: "charge"))));
    }

    [Fact]
    public void ServiceOperation_InvertMatch_ExcludesTracesWithAMatchingSpan()
    {
        var policy = new ServiceOperationPolicy("so", ["health-checker"], [], invertMatch: true);

        Assert.Equal(PolicyDecision.InvertNotSampled, policy.Evaluate(Trace(Span("t", "a", service: "health-checker"))));
        Assert.Equal(PolicyDecision.InvertSampled, policy.Evaluate(Trace(Span("t", "a", service: "checkout"))));
    }

    public static TheoryData<long, int[], bool[]> RateLimitingCases => new()
    {
        { 10, [4, 4, 2], [true, true, true] }, // exactly the limit fits
        { 10, [4, 4, 3, 1], [true, true, false, true] }, // a trace that does not fit takes nothing, so a smaller one still may
        { 10, [11, 10], [false, true] }, // a trace bigger than the limit never fits
        { 1, [1, 1], [true, false] },
    };

    [Theory]
    [MemberData(nameof(RateLimitingCases))]
    public void RateLimiting_KeepsTracesWhileTheSecondsSpansStayWithinTheLimit(long spansPerSecond, int[] traceSizes, bool[] kept)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var policy = new RateLimitingPolicy("rate", new RateBudgetRegistry(clock).GetOrAdd("rate", new BudgetShape(spansPerSecond)));

        var decisions = traceSizes.Select(n => policy.Evaluate(Trace([.. Enumerable.Range(0, n).Select(i => Span("t", $"s{i}"))])));

        Assert.Equal(kept.Select(k => k ? PolicyDecision.Sampled : PolicyDecision.NotSampled), decisions);
    }

    [Fact]
    public void RateLimiting_ANewSecond_KeepsAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 900, TimeSpan.Zero));
        var policy = new RateLimitingPolicy("rate", new RateBudgetRegistry(clock).GetOrAdd("rate", new BudgetShape(2)));
        var twoSpans = Trace(Span("t", "a"), Span("t", "b"));
        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(twoSpans));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(twoSpans));

        clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(twoSpans));
    }

    [Fact]
    public void RateLimiting_PerService_ANoisyRootServiceCannotStarveTheOthers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var policy = new RateLimitingPolicy("rate", new RateBudgetRegistry(clock).GetOrAdd("rate", new BudgetShape(10, perPartitionLimit: 4)));
        SampledTrace From(string root) => Trace(Span("t", "r", service: root), Span("t", "c", parent: "r", service: "database"));

        string[] roots = ["noisy", "noisy", "noisy", "quiet", "quiet", "third", "fourth"];
        var decisions = roots.Select(r => policy.Evaluate(From(r)));

        // noisy gets its 4 spans; quiet and third still fit; the whole limit of 10 is spent before fourth.
        PolicyDecision[] expected = [PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.NotSampled, PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.NotSampled];
        Assert.Equal(expected, decisions);
    }

    public static TheoryData<Span[], string> RootServiceCases => new()
    {
        { [Span("t", "c", parent: "r", service: "child", startOffsetMs: -5), Span("t", "r", service: "root")], "root" }, // the root, even when a skewed child looks earlier
        { [Span("t", "r2", service: "late-root", startOffsetMs: 10), Span("t", "r1", service: "early-root")], "early-root" },
        { [Span("t", "b", parent: "missing", service: "second", startOffsetMs: 3), Span("t", "a", parent: "missing", service: "first")], "first" }, // no root arrived
    };

    [Theory]
    [MemberData(nameof(RootServiceCases))]
    public void RateLimiting_ChargesATraceToItsRootSpansService_ElseItsEarliestSpans(Span[] spans, string service)
    {
        Assert.Equal(service, RootService.Of(Trace(spans)));
    }

    private static readonly SpanAttribute Gold = new("tier", "gold");

    /// <summary>A composite of 10 spans/s: errors first with 6 of them, gold traces next with 4.</summary>
    private static CompositePolicy ErrorsThenGold(long errors = 6, long gold = 4) => new(
        "composite",
        [new StatusCodePolicy("errors", [SpanStatusCode.Error]), new StringAttributePolicy("gold", "tier", ["gold"])],
        new RateBudgetRegistry(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .GetOrAdd("composite", new BudgetShape(10, fixedPartitions: new Dictionary<string, long> { ["errors"] = errors, ["gold"] = gold })));

    private static SampledTrace TwoSpans(SpanStatusCode status = SpanStatusCode.Ok, params SpanAttribute[] attributes) =>
        Trace(Span("t", "a", status: status, attributes: attributes), Span("t", "b"));

    public static TheoryData<string, PolicyDecision[]> CompositeCases => new()
    {
        // e: a 2-span error trace, g: a 2-span gold trace, b: both, o: neither.
        { "eeee", [PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.NotSampled] }, // errors' 6 spans
        { "ggg", [PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.NotSampled] }, // gold's 4
        { "eeeg", [PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.Sampled] }, // each its own allocation
        { "eeeb", [PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.Sampled, PolicyDecision.NotSampled] }, // errors decides, though gold has room
        { "bg", [PolicyDecision.Sampled, PolicyDecision.Sampled] }, // a trace that is both is charged to errors
        { "o", [PolicyDecision.NotSampled] },
    };

    [Theory]
    [MemberData(nameof(CompositeCases))]
    public void Composite_TheFirstSubPolicyThatSamples_KeepsWithinItsAllocationOrDeclines(string traces, PolicyDecision[] expected)
    {
        var policy = ErrorsThenGold();

        var decisions = traces.Select(t => policy.Evaluate(t switch
        {
            'e' => TwoSpans(SpanStatusCode.Error),
            'g' => TwoSpans(attributes: Gold),
            'b' => TwoSpans(SpanStatusCode.Error, Gold),
            _ => TwoSpans(),
        }));

        Assert.Equal(expected, decisions);
    }

    [Fact]
    public void Composite_NeverKeepsMoreThanItsTotal_EvenWhenTheAllocationsAddUpToMore()
    {
        var policy = ErrorsThenGold(errors: 8, gold: 5); // 80 % plus a default share of half, as a Collector config can say

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(Trace([.. Enumerable.Range(0, 8).Select(i => Span("t", $"s{i}", status: SpanStatusCode.Error))])));
        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TwoSpans(attributes: Gold)));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TwoSpans(attributes: Gold))); // gold has 3 left, the composite none
    }

    public static TheoryData<long, string[], Dictionary<string, long>, Dictionary<string, long>> AllocationCases => new()
    {
        { 100, ["a", "b"], new() { ["a"] = 50, ["b"] = 25 }, new() { ["a"] = 50, ["b"] = 25 } }, // what is not allocated goes unused
        { 1000, ["a", "b", "c"], new() { ["a"] = 50, ["b"] = 25 }, new() { ["a"] = 500, ["b"] = 250, ["c"] = 333 } }, // unallocated: total / sub-policies
        { 90, ["a", "b", "c"], new() { ["a"] = 0 }, new() { ["a"] = 30, ["b"] = 30, ["c"] = 30 } }, // 0 % means the default share too
        { 100, ["a"], new() { ["a"] = 29 }, new() { ["a"] = 28 } }, // float arithmetic, truncated: the Collector's 0.29 × 100
    };

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void Composite_AllocatesAsTheCollectorDoes(long max, string[] subPolicies, Dictionary<string, long> percents, Dictionary<string, long> expected)
    {
        Assert.Equal(expected, CompositePolicy.Allocate(max, subPolicies, percents));
    }

    [Fact]
    public void And_SamplesOnlyWhenEverySubPolicyWould()
    {
        var policy = new AndPolicy("and", [new StringAttributePolicy("m", "http.method", ["GET"]), new NumericAttributePolicy("n", "http.status_code", 500, 599)]);

        Assert.Equal(PolicyDecision.Sampled, policy.Evaluate(TraceWith(Get, Status500)));
        Assert.Equal(PolicyDecision.NotSampled, policy.Evaluate(TraceWith(Get)));
    }

    [Fact]
    public void Drop_OverridesEveryKeep()
    {
        var sampler = new TailSampler(
        [
            new AlwaysSamplePolicy("keep-all"),
            new DropPolicy("no-health", [new StringAttributePolicy("health", "url.path", ["/health"])]),
        ]);

        Assert.Equal(new SamplingDecision(false, "no-health"), sampler.Decide(TraceWith(HealthPath)));
        Assert.Equal(new SamplingDecision(true, "keep-all"), sampler.Decide(TraceWith(Get)));
    }

    [Fact]
    public void InvertNotSampled_TakesPrecedenceOverSampled_AndInvertSampledKeepsOnlyWhenNothingDeclined()
    {
        var sampler = new TailSampler(
        [
            new StatusCodePolicy("errors", [SpanStatusCode.Error]),
            new BooleanAttributePolicy("not-do-not-sample", "app.do_not_sample", true, invertMatch: true),
        ]);
        var doNotSample = new SpanAttribute("app.do_not_sample", "true", AttributeValueType.BoolValue);

        Assert.Equal(new SamplingDecision(false, "not-do-not-sample"), sampler.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error, attributes: doNotSample))));
        Assert.Equal(new SamplingDecision(true, "errors"), sampler.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error))));
        Assert.Equal(new SamplingDecision(false, "errors"), sampler.Decide(Trace(Span("t", "a"))));
        var invertOnly = new TailSampler([new BooleanAttributePolicy("not-do-not-sample", "app.do_not_sample", true, invertMatch: true)]);
        Assert.Equal(new SamplingDecision(true, "not-do-not-sample"), invertOnly.Decide(Trace(Span("t", "a"))));
    }

    [Fact]
    public void NoPolicyKeeping_DropsByTheLastPolicyThatDeclined()
    {
        var sampler = new TailSampler([new StatusCodePolicy("errors", [SpanStatusCode.Error]), new LatencyPolicy("slow", 1000)]);

        Assert.Equal(new SamplingDecision(false, "slow"), sampler.Decide(Trace(Span("t", "a"))));
        Assert.Equal(new SamplingDecision(false, SamplingDecision.NoPolicyMatched), new TailSampler([]).Decide(Trace(Span("t", "a"))));
    }
}

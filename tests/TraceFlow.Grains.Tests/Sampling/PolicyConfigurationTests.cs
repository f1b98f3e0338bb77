using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling;

/// <summary>A Collector <c>tail_sampling</c> policy list, pasted as JSON under <c>TraceFlow:Sampling</c>.</summary>
public sealed class PolicyConfigurationTests
{
    private const string CollectorPolicies = """
        {"TraceFlow": {"Sampling": {"Policies": [
          {"name": "drop-health", "type": "drop", "drop": {"drop_sub_policy": [
            {"name": "health-path", "type": "string_attribute", "string_attribute": {"key": "url.path", "values": ["\\/health", "\\/metrics"], "enabled_regex_matching": true}}]}},
          {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}},
          {"name": "slow", "type": "latency", "latency": {"threshold_ms": 500}},
          {"name": "server-errors", "type": "numeric_attribute", "numeric_attribute": {"key": "http.status_code", "min_value": 500, "max_value": 599}},
          {"name": "gold-and-big", "type": "and", "and": {"and_sub_policy": [
            {"name": "gold", "type": "string_attribute", "string_attribute": {"key": "tier", "values": ["gold"]}},
            {"name": "big", "type": "span_count", "span_count": {"min_spans": 3}}]}},
          {"name": "sample", "type": "probabilistic", "probabilistic": {"sampling_percentage": 0}}
        ]}}}
        """;

    [Fact]
    public void PastedCollectorPolicies_DecideAsTheCollectorWould()
    {
        var sampler = Sampler(CollectorPolicies);

        Assert.Equal(new SamplingDecision(false, "drop-health"), sampler.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error, attributes: new SpanAttribute("url.path", "/health")))));
        Assert.Equal(new SamplingDecision(true, "errors"), sampler.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error))));
        Assert.Equal(new SamplingDecision(true, "slow"), sampler.Decide(Trace(Span("t", "a", durationMs: 600))));
        Assert.Equal(new SamplingDecision(true, "server-errors"), sampler.Decide(Trace(Span("t", "a", attributes: new SpanAttribute("http.status_code", "503", AttributeValueType.IntValue)))));
        var gold = new SpanAttribute("tier", "gold");
        Assert.Equal(new SamplingDecision(true, "gold-and-big"), sampler.Decide(Trace(Span("t", "a", attributes: gold), Span("t", "b"), Span("t", "c"))));
        Assert.Equal(new SamplingDecision(false, "sample"), sampler.Decide(Trace(Span("t", "a", attributes: gold))));
    }

    [Fact]
    public void InvalidPolicies_FailWithAMessageNamingEachPolicyAndField()
    {
        const string Bad = """
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERR"]}},
              {"name": "paths", "type": "string_attribute", "string_attribute": {"key": "url.path", "values": ["(unclosed"], "enabled_regex_matching": true}},
              {"name": "sample", "type": "probabilistic", "probabilistic": {"sampling_percentage": 150}},
              {"name": "mystery", "type": "magic"},
              {"name": "errors", "type": "always_sample"},
              {"type": "always_sample"},
              {"name": "range", "type": "numeric_attribute", "numeric_attribute": {"key": "n", "min_value": 10, "max_value": 1}},
              {"name": "typo", "type": "latency", "latency": {"treshold_ms": 5}},
              {"name": "nested", "type": "and", "and": {"and_sub_policy": [{"name": "slow", "type": "latency", "latency": {"threshold_ms": "soon"}}]}}
            ]}}}
            """;

        var error = Assert.Throws<OptionsValidationException>(() => Sampler(Bad));

        Assert.Contains(error.Failures, f => f.Contains("policies[0] 'errors': status_code.status_codes: 'ERR' is not one of ERROR, OK, UNSET", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[1] 'paths': string_attribute.values: '(unclosed' is not a usable regular expression", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[2] 'sample': probabilistic.sampling_percentage: must be between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[3] 'mystery': type 'magic' is not one of", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[4] 'errors': name is used by another policy", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[5]: name is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[6] 'range': numeric_attribute.max_value: must not be below min_value", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[7]: latency.treshold_ms: is not a known field (known: threshold_ms, upper_threshold_ms)", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[8]: and.and_sub_policy[0]:", StringComparison.Ordinal) && f.Contains("soon", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceOperation_FromConfiguration_MatchesServiceAndOperation()
    {
        var sampler = Sampler("""
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "charges", "type": "service_operation", "service_operation": {"services": ["^payment"], "operations": ["charge$"], "enabled_regex_matching": true}}
            ]}}}
            """);

        Assert.Equal(new SamplingDecision(true, "charges"), sampler.Decide(Trace(Span("t", "a", service: "payment-eu", operation: "card.charge"))));
        Assert.Equal(new SamplingDecision(false, "charges"), sampler.Decide(Trace(Span("t", "a", service: "payment-eu", operation: "refund"))));
    }

    [Fact]
    public void InvalidServiceOperation_FailsNamingTheField()
    {
        const string Bad = """
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "everything", "type": "service_operation", "service_operation": {"invert_match": true}},
              {"name": "bad-regex", "type": "service_operation", "service_operation": {"operations": ["(unclosed"], "enabled_regex_matching": true}},
              {"name": "typo", "type": "service_operation", "service_operation": {"service": ["checkout"]}},
              {"name": "no-section", "type": "service_operation"}
            ]}}}
            """;

        var error = Assert.Throws<OptionsValidationException>(() => Sampler(Bad));

        Assert.Contains(error.Failures, f => f.Contains("policies[0] 'everything': service_operation.services: services or operations needs at least one value", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[1] 'bad-regex': service_operation.operations: '(unclosed' is not a usable regular expression", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[2]: service_operation.service: is not a known field (known: services, operations, enabled_regex_matching, invert_match)", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[3] 'no-section': type service_operation needs a 'service_operation' section", StringComparison.Ordinal));
    }

    [Fact]
    public void RateLimiting_FromConfiguration_KeepsSpansWithinTheLimitPerSecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sampler = Sampler("""{"TraceFlow": {"Sampling": {"Policies": [{"name": "cap", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 3}}]}}}""", clock);
        var twoSpans = Trace(Span("t", "a"), Span("t", "b"));

        Assert.Equal(new SamplingDecision(true, "cap"), sampler.Decide(twoSpans));
        Assert.Equal(new SamplingDecision(false, "cap"), sampler.Decide(twoSpans));
        Assert.Equal(new SamplingDecision(true, "cap"), sampler.Decide(Trace(Span("t", "a"))));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new SamplingDecision(true, "cap"), sampler.Decide(twoSpans));
    }

    [Fact]
    public void RateLimitingPerService_FromConfiguration_CapsEachRootService()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sampler = Sampler("""
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "fair", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 100, "spans_per_second_per_service": 1}}
            ]}}}
            """, clock);

        Assert.True(sampler.Decide(Trace(Span("t", "a", service: "noisy"))).Keep);
        Assert.False(sampler.Decide(Trace(Span("t", "a", service: "noisy"))).Keep);
        Assert.True(sampler.Decide(Trace(Span("t", "a", service: "quiet"))).Keep);
    }

    [Fact]
    public void AReload_KeepsTheBudgetOfARateLimitingPolicyWithTheSameNameAndLimit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceFlow:Sampling:Policies:0:name"] = "cap",
            ["TraceFlow:Sampling:Policies:0:type"] = "rate_limiting",
            ["TraceFlow:Sampling:Policies:0:rate_limiting:spans_per_second"] = "2",
        }).Build();
        using var provider = Services(configuration, clock);
        var sampler = provider.GetRequiredService<TailSampler>();
        var twoSpans = Trace(Span("t", "a"), Span("t", "b"));
        Assert.True(sampler.Decide(twoSpans).Keep);

        configuration["TraceFlow:Sampling:Policies:1:name"] = "errors";
        configuration["TraceFlow:Sampling:Policies:1:type"] = "status_code";
        configuration["TraceFlow:Sampling:Policies:1:status_code:status_codes:0"] = "ERROR";
        configuration.Reload();

        Assert.Equal(["cap", "errors"], sampler.Policies.Select(p => p.Name));
        Assert.Equal(new SamplingDecision(false, "errors"), sampler.Decide(twoSpans)); // the second's 2 spans are spent

        configuration["TraceFlow:Sampling:Policies:0:rate_limiting:spans_per_second"] = "4";
        configuration.Reload();

        Assert.Equal(new SamplingDecision(true, "cap"), sampler.Decide(twoSpans)); // a new limit is a new budget
    }

    [Fact]
    public void ANestedRateLimitingPolicy_HasABudgetOfItsOwn()
    {
        var sampler = Sampler("""
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "cap", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 5}},
              {"name": "errors-capped", "type": "and", "and": {"and_sub_policy": [
                {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}},
                {"name": "cap", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 5}}]}}
            ]}}}
            """);

        var top = Assert.IsType<RateLimitingPolicy>(sampler.Policies[0]);
        var nested = Assert.IsType<RateLimitingPolicy>(Assert.IsType<AndPolicy>(sampler.Policies[1]).SubPolicies[1]);
        Assert.Equal("cap", top.Budget.Name);
        Assert.Equal("errors-capped/cap", nested.Budget.Name);
        Assert.NotSame(top.Budget, nested.Budget);
    }

    [Fact]
    public void InvalidRateLimiting_FailsNamingTheField()
    {
        const string Bad = """
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "zero", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 0}},
              {"name": "typo", "type": "rate_limiting", "rate_limiting": {"span_per_second": 10}},
              {"name": "per-service-above", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 10, "spans_per_second_per_service": 11}},
              {"name": "per-service-zero", "type": "rate_limiting", "rate_limiting": {"spans_per_second": 10, "spans_per_second_per_service": 0}},
              {"name": "words", "type": "rate_limiting", "rate_limiting": {"spans_per_second": "lots"}}
            ]}}}
            """;

        var error = Assert.Throws<OptionsValidationException>(() => Sampler(Bad));

        Assert.Contains(error.Failures, f => f.Contains("policies[0] 'zero': rate_limiting.spans_per_second: must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[1]: rate_limiting.span_per_second: is not a known field (known: spans_per_second, spans_per_second_per_service)", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[4]:", StringComparison.Ordinal) && f.Contains("lots", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[2] 'per-service-above': rate_limiting.spans_per_second_per_service: must be between 1 and spans_per_second (10), or left out", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("policies[3] 'per-service-zero': rate_limiting.spans_per_second_per_service: must be between 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Composite_FromConfiguration_EvaluatesInPolicyOrderWithinItsAllocations()
    {
        // The Collector README's composite, as JSON: always_sample has no allocation, so a third of the total.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sampler = Sampler("""
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "composite-policy", "type": "composite", "composite": {
                "max_total_spans_per_second": 12,
                "policy_order": ["errors", "gold", "rest"],
                "composite_sub_policy": [
                  {"name": "rest", "type": "always_sample"},
                  {"name": "gold", "type": "string_attribute", "string_attribute": {"key": "tier", "values": ["gold"]}},
                  {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}}
                ],
                "rate_allocation": [{"policy": "errors", "percent": 50}, {"policy": "gold", "percent": 25}]
              }}
            ]}}}
            """, clock);
        var composite = Assert.IsType<CompositePolicy>(Assert.Single(sampler.Policies));
        SampledTrace Spans(int n, SpanStatusCode status = SpanStatusCode.Ok) => Trace([.. Enumerable.Range(0, n).Select(i => Span("t", $"s{i}", status: status, attributes: new SpanAttribute("tier", "gold")))]);

        Assert.Equal(["errors", "gold", "rest"], composite.SubPolicies.Select(p => p.Name));
        Assert.Equal(new Dictionary<string, long> { ["errors"] = 6, ["gold"] = 3, ["rest"] = 4 }, composite.Budget.Shape.FixedPartitions);
        Assert.True(sampler.Decide(Spans(6, SpanStatusCode.Error)).Keep); // errors: 50 % of 12
        Assert.False(sampler.Decide(Spans(1, SpanStatusCode.Error)).Keep); // errors decides, and it is spent
        Assert.True(sampler.Decide(Spans(3)).Keep); // gold: 25 %
        Assert.False(sampler.Decide(Spans(1)).Keep);
        Assert.True(sampler.Decide(Trace(Span("t", "a"), Span("t", "b"), Span("t", "c"))).Keep); // rest: 12 / 3 = 4, but 3 left in all
        Assert.False(sampler.Decide(Trace(Span("t", "a"))).Keep);
    }

    [Fact]
    public void InvalidComposite_FailsNamingTheField()
    {
        const string Bad = """
            {"TraceFlow": {"Sampling": {"Policies": [
              {"name": "c", "type": "composite", "composite": {
                "max_total_spans_per_second": 0,
                "policy_order": ["a", "ghost", "a"],
                "composite_sub_policy": [{"name": "a", "type": "always_sample"}, {"name": "b", "type": "always_sample"}],
                "rate_allocation": [{"policy": "a", "percent": 70}, {"policy": "b", "percent": 40}, {"policy": "nobody", "percent": 1}, {"policy": "a", "percent": 1}, {"policy": "b", "percent": 101}, {"percent": 1}]
              }},
              {"name": "empty", "type": "composite", "composite": {"max_total_spans_per_second": 10}},
              {"name": "typo", "type": "composite", "composite": {"max_total_spans_per_second": 10, "composite_sub_policy": [{"name": "a", "type": "always_sample"}], "rate_allocation": [{"policy": "a", "precent": 10}]}},
              {"name": "bad-sub", "type": "composite", "composite": {"max_total_spans_per_second": 10, "composite_sub_policy": [{"name": "a", "type": "latency", "latency": {"threshold_ms": -1}}]}}
            ]}}}
            """;

        var error = Assert.Throws<OptionsValidationException>(() => Sampler(Bad));

        string[] expected =
        [
            "policies[0] 'c': composite.max_total_spans_per_second: must be positive",
            "policies[0] 'c': composite.policy_order[1]: 'ghost' is not the name of a composite_sub_policy (one of a, b)",
            "policies[0] 'c': composite.policy_order[2]: 'a' is listed twice",
            "policies[0] 'c': composite.policy_order: leaves out 'b' (list every composite_sub_policy, or leave policy_order out",
            "policies[0] 'c': composite.rate_allocation[2].policy: 'nobody' is not the name of a composite_sub_policy",
            "policies[0] 'c': composite.rate_allocation[3].policy: 'a' has an allocation already",
            "policies[0] 'c': composite.rate_allocation[4].percent: must be between 0 and 100",
            "policies[0] 'c': composite.rate_allocation[5].policy: is required",
            "policies[0] 'c': composite.rate_allocation: the percentages add up to 113, more than 100",
            "policies[1] 'empty': composite.composite_sub_policy: needs at least one policy",
            "policies[2]: composite.rate_allocation[0].precent: is not a known field (known: policy, percent)",
            "policies[3] 'bad-sub': composite.composite_sub_policy[0] 'a': latency.threshold_ms: must not be negative",
        ];
        Assert.All(expected, e => Assert.Contains(error.Failures, f => f.Contains(e, StringComparison.Ordinal)));
    }

    [Fact]
    public void APolicyList_WinsOverTheLocalProfilesKeepAll()
    {
        var sampler = Sampler("""{"TraceFlow": {"Sampling": {"KeepAll": true, "Policies": [{"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}}]}}}""");

        Assert.Equal(["errors"], sampler.Policies.Select(p => p.Name));
    }

    [Fact]
    public void WithoutAPolicyList_TheSeedsRulesApply()
    {
        var sampler = Sampler("""{"TraceFlow": {"Sampling": {"SampleRate": 0}}}""");

        Assert.Equal(["error", "latency", "probabilistic"], sampler.Policies.Select(p => p.Name));
    }

    [Fact]
    public void AConfigurationChange_ChangesDecisionsWithoutARestart()
    {
        var source = new Dictionary<string, string?>
        {
            ["TraceFlow:Sampling:Policies:0:name"] = "errors",
            ["TraceFlow:Sampling:Policies:0:type"] = "status_code",
            ["TraceFlow:Sampling:Policies:0:status_code:status_codes:0"] = "ERROR",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(source).Build();
        using var provider = Services(configuration);
        var sampler = provider.GetRequiredService<TailSampler>();
        var slow = Trace(Span("t", "a", durationMs: 900));
        Assert.Equal(new SamplingDecision(false, "errors"), sampler.Decide(slow));

        configuration["TraceFlow:Sampling:Policies:1:name"] = "slow";
        configuration["TraceFlow:Sampling:Policies:1:type"] = "latency";
        configuration["TraceFlow:Sampling:Policies:1:latency:threshold_ms"] = "500";
        configuration.Reload();

        Assert.Equal(new SamplingDecision(true, "slow"), sampler.Decide(slow));
        Assert.Equal(["errors", "slow"], sampler.Policies.Select(p => p.Name));
    }

    [Theory]
    [InlineData("TraceFlow:Sampling:Policies:1:latency:threshold_ms", "soon")]
    [InlineData("TraceFlow:Sampling:Policies:1:type", "sometimes")]
    public void AnInvalidChange_IsRejectedAndThePreviousPoliciesStay(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceFlow:Sampling:Policies:0:name"] = "errors",
            ["TraceFlow:Sampling:Policies:0:type"] = "status_code",
            ["TraceFlow:Sampling:Policies:0:status_code:status_codes:0"] = "ERROR",
        }).Build();
        using var provider = Services(configuration);
        var sampler = provider.GetRequiredService<TailSampler>();
        var rejected = Diagnostics.GrainsMetrics.SamplingReloads.WithLabels("rejected").Value;

        configuration["TraceFlow:Sampling:Policies:1:name"] = "slow";
        configuration["TraceFlow:Sampling:Policies:1:type"] = "latency";
        configuration[key] = value;
        configuration.Reload();

        Assert.Equal(["errors"], sampler.Policies.Select(p => p.Name));
        Assert.Equal(new SamplingDecision(true, "errors"), sampler.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error))));
        Assert.True(Diagnostics.GrainsMetrics.SamplingReloads.WithLabels("rejected").Value > rejected);
    }

    private static SampledTrace Trace(params Span[] spans) => new("t", spans);

    private static ServiceProvider Services(IConfiguration configuration, TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddSingleton(configuration).AddLogging().AddSingleton<TailSampler>();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTraceFlowOptions();
        return services.BuildServiceProvider();
    }

    /// <summary>The sampler as a silo builds it, from configuration through validated options.</summary>
    private static TailSampler Sampler(string json, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        using var provider = Services(configuration, time);
        return provider.GetRequiredService<TailSampler>();
    }
}

using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Sampling.Collector;

/// <summary>A whole Collector configuration, laid out as the Collector's documentation lays one out.</summary>
public sealed class PolicyBlockTests
{
    private const string CollectorConfig = """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 0.0.0.0:4317}
              http: {endpoint: 0.0.0.0:4318}

        processors:
          batch: {}
          tail_sampling:
            decision_wait: 10s
            num_traces: 50000
            expected_new_traces_per_sec: 100
            decision_cache:
              sampled_cache_size: 100000
            policies:
              [
                {
                  name: skip-health,
                  type: drop,
                  drop: {drop_sub_policy: [{name: health-route, type: string_attribute, string_attribute: {key: http.route, values: [/healthz, /readyz]}}]}
                },
                {name: keep-errors, type: status_code, status_code: {status_codes: [ERROR]}},
                {name: slow-requests, type: latency, latency: {threshold_ms: 2000, upper_threshold_ms: 60000}},
                {name: server-errors, type: numeric_attribute, numeric_attribute: {key: http.response.status_code, min_value: 500, max_value: 599}},
                {name: debug-flag, type: boolean_attribute, boolean_attribute: {key: app.debug, value: true}},
                {name: premium, type: string_attribute, string_attribute: {key: app.plan, values: ["premium.*"], enabled_regex_matching: true, cache_max_size: 64}},
                {name: long-traces, type: span_count, span_count: {min_spans: 50}},
                {name: vendor-state, type: trace_state, trace_state: {key: vendor, values: [keep]}},
                {
                  name: checkout-and-big,
                  type: and,
                  and: {and_sub_policy: [
                    {name: checkout, type: string_attribute, string_attribute: {key: service.name, values: [checkout]}},
                    {name: many-spans, type: span_count, span_count: {min_spans: 10}},
                  ]}
                },
                {name: baseline, type: probabilistic, probabilistic: {hash_salt: my-salt, sampling_percentage: 5}},
              ]

        exporters:
          otlp: {endpoint: traceflow:4317}

        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [tail_sampling, batch]
              exporters: [otlp]
        """;

    [Fact]
    public void Build_ACollectorConfig_GivesItsPoliciesInOrder()
    {
        var errors = new List<string>();

        var set = PolicyBlock.Build(CollectorDocument.ReadTailSampling(CollectorConfig, CollectorFormat.Yaml), PolicyContext.System, errors);

        Assert.Empty(errors);
        Assert.NotNull(set);
        Assert.Equal(
            [
                ("skip-health", "drop"), ("keep-errors", "status_code"), ("slow-requests", "latency"), ("server-errors", "numeric_attribute"),
                ("debug-flag", "boolean_attribute"), ("premium", "string_attribute"), ("long-traces", "span_count"),
                ("vendor-state", "trace_state"), ("checkout-and-big", "and"), ("baseline", "probabilistic"),
            ],
            set.Policies.Select(p => (p.Name, PolicyTypeName.Of(p))));
        Assert.Equal(new SamplingDecision(false, "skip-health"), set.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error, attributes: new SpanAttribute("http.route", "/healthz")))));
        Assert.Equal(new SamplingDecision(true, "keep-errors"), set.Decide(Trace(Span("t", "a", status: SpanStatusCode.Error))));
        Assert.Equal(new SamplingDecision(true, "premium"), set.Decide(Trace(Span("t", "a", attributes: new SpanAttribute("app.plan", "premium-eu")))));
    }

    [Fact]
    public void Build_PolicyTypesNotSupported_AreNamedInTheErrors()
    {
        var yaml = CollectorConfig.Replace(
            "{name: long-traces,",
            "{name: big-payloads, type: bytes_limiting, bytes_limiting: {bytes_per_second: 1000}},\n        {name: ottl, type: ottl_condition, ottl_condition: {span: ['attributes[\"x\"] == 1']}},\n        {name: long-traces,",
            StringComparison.Ordinal);
        var errors = new List<string>();

        var set = PolicyBlock.Build(CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml), PolicyContext.System, errors);

        Assert.Null(set);
        Assert.Contains(errors, e => e.StartsWith("policies[6] 'big-payloads': type 'bytes_limiting' is not one of ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("policies[7] 'ottl': type 'ottl_condition' is not one of ", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ReportsWhatStartUpReports()
    {
        var errors = new List<string>();

        var set = PolicyBlock.Build(
            CollectorDocument.ReadTailSampling("policies: [{name: errors, type: status_code, status_code: {status_codes: [ERR], codes: [1]}}]", CollectorFormat.Yaml),
            PolicyContext.System,
            errors);

        Assert.Null(set);
        Assert.Contains("policies[0] 'errors': status_code.status_codes: 'ERR' is not one of ERROR, OK, UNSET", errors);
        Assert.Contains(errors, e => e.StartsWith("policies[0]: status_code.codes: is not a known field", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("decision_wait: 10s")]
    [InlineData("policies: []")]
    public void Build_WithoutPolicies_AsksForThem(string yaml)
    {
        var errors = new List<string>();

        Assert.Null(PolicyBlock.Build(CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml), PolicyContext.System, errors));
        Assert.Equal(["policies: a list of at least one policy is required"], errors);
    }

    private static SampledTrace Trace(params Span[] spans) => new(spans[0].TraceId, spans);
}

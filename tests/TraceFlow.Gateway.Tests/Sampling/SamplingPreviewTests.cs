using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Sampling;

/// <summary>
/// <c>POST /api/sampling/preview</c> over a known set of six traces, kept by the local
/// profile's keep-all and told apart from other tests' traces by their service.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SamplingPreviewTests(GatewayFactory factory)
{
    private const string JsonPolicies = """
        {"policies": [
          {"name": "no-health", "type": "drop", "drop": {"drop_sub_policy": [
            {"name": "health", "type": "string_attribute", "string_attribute": {"key": "url.path", "values": ["/healthz"]}}]}},
          {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}},
          {"name": "slow", "type": "latency", "latency": {"threshold_ms": 500}},
          {"name": "gold", "type": "string_attribute", "string_attribute": {"key": "app.tier", "values": ["gold"]}},
          {"name": "not-internal", "type": "string_attribute", "string_attribute": {"key": "internal", "values": ["yes"], "invert_match": true}}
        ]}
        """;

    private const string YamlCollectorConfig = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          batch: {}
          tail_sampling/preview:
            decision_wait: 10s
            policies:
              - name: no-health
                type: drop
                drop:
                  drop_sub_policy:
                    - {name: health, type: string_attribute, string_attribute: {key: url.path, values: [/healthz]}}
              - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
              - {name: slow, type: latency, latency: {threshold_ms: 500}}
              - {name: gold, type: string_attribute, string_attribute: {key: app.tier, values: [gold]}}
              - name: not-internal
                type: string_attribute
                string_attribute: {key: internal, values: ["yes"], invert_match: true}
        service:
          pipelines:
            traces: {receivers: [otlp], processors: [tail_sampling/preview, batch], exporters: [debug]}
        """;

    private const long BaseMs = 1_712_000_000_000;

    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task Preview_JsonPolicySet_CountsExactlyOverTheStoredTraces()
    {
        var service = await IngestKnownTracesAsync();

        var (status, body) = await PreviewAsync($"service={service}", JsonPolicies, "application/json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, body.GetProperty("traces_evaluated").GetInt32());
        Assert.Equal(4, body.GetProperty("kept").GetInt32());
        Assert.Equal(4.0 / 6, body.GetProperty("kept_fraction").GetDouble(), 9);
        Assert.Equal(2, body.GetProperty("dropped").GetInt32());
        Assert.Equal(0, body.GetProperty("no_policy_decided").GetInt32());
        Assert.False(body.GetProperty("more_available").GetBoolean());
        Assert.Equal(BaseMs, body.GetProperty("from_unix_ms").GetDouble());
        Assert.Equal(BaseMs + 5000, body.GetProperty("to_unix_ms").GetDouble());
        Assert.Contains("holds only the traces the live policies kept", body.GetProperty("note").GetString(), StringComparison.Ordinal);

        // name, type, verdicts (sampled, not_sampled, inverted_sampled, inverted_not_sampled, dropped), kept_alone, decided (kept, dropped)
        Assert.Equal(
            [
                "no-health drop 0/5/0/0/1 alone 0 decided 1 (0 kept, 1 dropped)",
                "errors status_code 3/3/0/0/0 alone 3 decided 2 (2 kept, 0 dropped)",
                "slow latency 2/4/0/0/0 alone 2 decided 1 (1 kept, 0 dropped)",
                "gold string_attribute 1/5/0/0/0 alone 1 decided 1 (1 kept, 0 dropped)",
                "not-internal string_attribute 0/0/5/1/0 alone 5 decided 1 (0 kept, 1 dropped)",
            ],
            body.GetProperty("policies").EnumerateArray().Select(Describe));
        var errors = body.GetProperty("policies")[1];
        Assert.Equal(0.5, errors.GetProperty("kept_alone_fraction").GetDouble());
    }

    [Fact]
    public async Task Preview_YamlCollectorConfig_GivesTheSameAnswerAsJson()
    {
        var service = await IngestKnownTracesAsync();

        var (jsonStatus, json) = await PreviewAsync($"service={service}", JsonPolicies, "application/json");
        var (yamlStatus, yaml) = await PreviewAsync($"service={service}", YamlCollectorConfig, "application/yaml");
        var (textYamlStatus, textYaml) = await PreviewAsync($"service={service}", YamlCollectorConfig, "text/yaml; charset=utf-8");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (jsonStatus, yamlStatus, textYamlStatus));
        Assert.Equal(json.GetRawText(), yaml.GetRawText());
        Assert.Equal(json.GetRawText(), textYaml.GetRawText());
    }

    [Fact]
    public async Task Preview_LimitAndTimeBounds_ChooseTheNewestTracesInTheWindow()
    {
        var service = await IngestKnownTracesAsync();

        var (_, newest) = await PreviewAsync($"service={service}&limit=2", JsonPolicies, "application/json");
        var (_, early) = await PreviewAsync(
            string.Create(CultureInfo.InvariantCulture, $"service={service}&from_unix_ms={BaseMs + 1000}&to_unix_ms={BaseMs + 3000}"), JsonPolicies, "application/json");

        // Newest two: t5 (error and slow: kept) and t6 (internal: dropped).
        Assert.Equal((2, 1, true), (newest.GetProperty("traces_evaluated").GetInt32(), newest.GetProperty("kept").GetInt32(), newest.GetProperty("more_available").GetBoolean()));
        Assert.Equal(BaseMs + 4000, newest.GetProperty("from_unix_ms").GetDouble());

        // t2, t3, t4: two kept (errors, slow), the health check dropped.
        Assert.Equal((3, 2, false), (early.GetProperty("traces_evaluated").GetInt32(), early.GetProperty("kept").GetInt32(), early.GetProperty("more_available").GetBoolean()));
    }

    [Fact]
    public async Task Preview_NoStoredTraces_AnswersWithZeroes()
    {
        var (status, body) = await PreviewAsync($"service=nobody-{Guid.NewGuid():N}", JsonPolicies, "application/json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 0, 0.0), (body.GetProperty("traces_evaluated").GetInt32(), body.GetProperty("kept").GetInt32(), body.GetProperty("kept_fraction").GetDouble()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("from_unix_ms").ValueKind);
        Assert.Equal(5, body.GetProperty("policies").GetArrayLength());
    }

    [Theory]
    [InlineData("application/json", "{\"policies\": [", "Malformed JSON policy set", "body: line 1, column")]
    [InlineData("application/json", "[]", "Malformed JSON policy set", "body: expected a JSON object at the top of the document, found array")]
    [InlineData("application/yaml", "policies:\n  - name: a\n    type: [always_sample\n", "Malformed YAML policy set", "body: line 4, column 1: ")]
    [InlineData("text/yaml", "processors:\n  batch: {}\n", "Malformed YAML policy set", "body: processors: no tail_sampling processor")]
    [InlineData("application/json", "{\"policies\": [{\"name\": \"x\", \"type\": \"ottl_condition\"}]}", "Invalid policy set", "policies[0] 'x': type 'ottl_condition' is not one of ")]
    [InlineData("text/yaml", "policies: [{name: e, type: status_code, status_code: {status_codes: [ERR]}}]", "Invalid policy set", "policies[0] 'e': status_code.status_codes: 'ERR' is not one of ERROR, OK, UNSET")]
    [InlineData("application/yaml", "policies: [{name: s, type: span_count, span_count: {min_spans: many}}]", "Invalid policy set", "policies[0]: ")]
    [InlineData("application/json", "{\"decision_wait\": \"10s\"}", "Invalid policy set", "policies: a list of at least one policy is required")]
    public async Task Preview_BadBody_Is400WithEveryErrorListed(string contentType, string body, string title, string error)
    {
        var (status, problem) = await PreviewAsync("", body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(error, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_InvalidPolicySet_ListsEachError()
    {
        var (status, problem) = await PreviewAsync(
            "",
            "policies: [{name: a, type: status_code, status_code: {status_codes: [ERR]}}, {name: b, type: latency, latency: {threshold_ms: -1}}, {type: always_sample}]",
            "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            [
                "policies[0] 'a': status_code.status_codes: 'ERR' is not one of ERROR, OK, UNSET",
                "policies[1] 'b': latency.threshold_ms: must not be negative",
                "policies[2]: name is required",
            ],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Preview_OtherContentType_Is415(string contentType)
    {
        var (status, problem) = await PreviewAsync("", "policies: []", contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("application/json, application/yaml or text/yaml", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_BodyOverTheLimit_Is413()
    {
        var body = "policies:\n" + string.Concat(Enumerable.Range(0, 8000).Select(i => $"  - {{name: p{i:D5}, type: always_sample}}\n"));

        var (status, problem) = await PreviewAsync("", body, "application/yaml");

        Assert.True(Encoding.UTF8.GetByteCount(body) > 256 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("262144 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit must be an integer from 1 to 10000")]
    [InlineData("limit=10001", "limit must be an integer from 1 to 10000")]
    [InlineData("from_unix_ms=abc", "from_unix_ms must be a non-negative number of milliseconds")]
    [InlineData("from_unix_ms=20&to_unix_ms=10", "from_unix_ms must not exceed to_unix_ms")]
    public async Task Preview_BadQuery_Is400NamingTheParameter(string query, string detail)
    {
        var (status, problem) = await PreviewAsync(query, JsonPolicies, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetPolicies_ListsTheLivePoliciesOfTheLocalProfile()
    {
        var (status, body) = await client.GetJsonAsync("/api/sampling/policies");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"policies":[{"name":"always_sample","type":"always_sample"}]}""", body.GetRawText());
    }

    /// <summary>
    /// Six traces, a second apart: t1 gold, t2 an error, t3 slow (two spans), t4 a failing
    /// health check, t5 a slow error, t6 internal.
    /// </summary>
    private async Task<string> IngestKnownTracesAsync()
    {
        var service = $"preview-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 6).Select(_ => GatewayClient.NewTraceId()).ToArray();
        string Span(int trace, string spanId, double offsetMs, double durationMs, string status, string attributes = "{}", string? parent = null) =>
            string.Create(CultureInfo.InvariantCulture, $$"""
                {"trace_id":"{{ids[trace]}}","span_id":"{{spanId}}","parent_span_id":{{(parent is null ? "null" : $"\"{parent}\"")}},"service":"{{service}}","operation":"op",
                 "start_unix_ms":{{BaseMs + (trace * 1000) + offsetMs}},"duration_ms":{{durationMs}},"status":"{{status}}","attributes":{{attributes}}}
                """);
        string[] spans =
        [
            Span(0, "a", 0, 10, "ok", """{"app.tier":"gold"}"""),
            Span(1, "a", 0, 20, "error"),
            Span(2, "a", 0, 800, "ok"),
            Span(2, "b", 100, 100, "ok", parent: "a"),
            Span(3, "a", 0, 5, "error", """{"url.path":"/healthz"}"""),
            Span(4, "a", 0, 900, "error"),
            Span(5, "a", 0, 30, "ok", """{"internal":"yes"}"""),
        ];
        using var response = await client.PostSpansAsync($"{{\"spans\":[{string.Join(',', spans)}]}}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        for (var i = 0; i < ids.Length; i++)
        {
            await client.WaitForTraceAsync(ids[i], minSpans: i == 2 ? 2 : 1);
        }

        return service;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PreviewAsync(string query, string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.Http.PostAsync($"/api/sampling/preview?{query}", content, GatewayClient.Cancel);
        return (response.StatusCode, await GatewayClient.ReadJsonAsync(response));
    }

    private static string Describe(JsonElement policy)
    {
        var v = policy.GetProperty("verdicts");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{policy.GetProperty("name").GetString()} {policy.GetProperty("type").GetString()} "
            + $"{v.GetProperty("sampled")}/{v.GetProperty("not_sampled")}/{v.GetProperty("inverted_sampled")}/{v.GetProperty("inverted_not_sampled")}/{v.GetProperty("dropped")} "
            + $"alone {policy.GetProperty("kept_alone")} decided {policy.GetProperty("decided")} ({policy.GetProperty("decided_kept")} kept, {policy.GetProperty("decided_dropped")} dropped)");
    }
}

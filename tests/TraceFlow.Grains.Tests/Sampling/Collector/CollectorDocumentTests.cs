using TraceFlow.Grains.Sampling.Collector;

namespace TraceFlow.Grains.Tests.Sampling.Collector;

public sealed class CollectorDocumentTests
{
    [Fact]
    public void ReadTailSampling_Yaml_GivesFlatKeysWithIndexedSequencesAndScalarsAsText()
    {
        var keys = CollectorDocument.ReadTailSampling(
            """
            decision_wait: 10s   # kept as written
            num_traces: 100
            decision_cache: {sampled_cache_size: 1000}
            policies:
              - name: errors
                type: status_code
                status_code: {status_codes: [ERROR, UNSET]}
              - {name: everything, type: always_sample}
              - name: empty
                type: never_sample
                extra: ~
                list: []
            """,
            CollectorFormat.Yaml);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["decision_wait"] = "10s",
                ["num_traces"] = "100",
                ["decision_cache:sampled_cache_size"] = "1000",
                ["policies:0:name"] = "errors",
                ["policies:0:type"] = "status_code",
                ["policies:0:status_code:status_codes:0"] = "ERROR",
                ["policies:0:status_code:status_codes:1"] = "UNSET",
                ["policies:1:name"] = "everything",
                ["policies:1:type"] = "always_sample",
                ["policies:2:name"] = "empty",
                ["policies:2:type"] = "never_sample",
                ["policies:2:extra"] = null,
                ["policies:2:list"] = null,
            },
            keys);
    }

    [Fact]
    public void ReadTailSampling_QuotedNullLookalike_StaysText()
    {
        var keys = CollectorDocument.ReadTailSampling("policies: [{name: 'null', type: \"~\"}]", CollectorFormat.Yaml);

        Assert.Equal("null", keys["policies:0:name"]);
        Assert.Equal("~", keys["policies:0:type"]);
    }

    [Fact]
    public void ReadTailSampling_Json_ReadsLikeAppSettings()
    {
        var keys = CollectorDocument.ReadTailSampling(
            """
            {"tail_sampling": {
              // comments and trailing commas, as in appsettings.json
              "num_traces": 100, "policies": [{"name": "p", "type": "probabilistic",
                "probabilistic": {"sampling_percentage": 12.5, "hash_salt": null}},], "flag": true}}
            """,
            CollectorFormat.Json);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["num_traces"] = "100",
                ["policies:0:name"] = "p",
                ["policies:0:type"] = "probabilistic",
                ["policies:0:probabilistic:sampling_percentage"] = "12.5",
                ["policies:0:probabilistic:hash_salt"] = null,
                ["flag"] = "true",
            },
            keys);
    }

    [Theory]
    [InlineData("policies: [{name: a, type: always_sample}]")]
    [InlineData("tail_sampling:\n  policies: [{name: a, type: always_sample}]")]
    [InlineData("receivers: {otlp: {}}\nprocessors:\n  batch: {}\n  tail_sampling:\n    policies: [{name: a, type: always_sample}]\n")]
    [InlineData("processors:\n  tail_sampling/errors-first:\n    policies: [{name: a, type: always_sample}]\n")]
    public void ReadTailSampling_FindsTheBlock_AtTheRootUnderTailSamplingOrAsAProcessor(string yaml)
    {
        var keys = CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml);

        Assert.Equal(new Dictionary<string, string?> { ["policies:0:name"] = "a", ["policies:0:type"] = "always_sample" }, keys);
    }

    [Theory]
    [InlineData("processors:\n  batch: {}\n", "processors: no tail_sampling processor (tail_sampling or tail_sampling/NAME) is configured")]
    [InlineData("processors:\n  tail_sampling/a: {}\n  tail_sampling/b: {}\n", "processors: several tail_sampling processors (tail_sampling/a, tail_sampling/b); give one")]
    [InlineData("", "the document is empty")]
    [InlineData("- a\n- b\n", "line 1, column 1: expected a mapping (key: value lines) at the top of the document")]
    [InlineData("a: 1\n---\nb: 2\n", "line 3, column 1: expected one YAML document, found 2")]
    [InlineData("policies:\n  - name: a\n    type: [always_sample\n", "line 4, column 1:")]
    [InlineData("policies:\n  - name: a\n  name: b\n", "line 3, column 3:")]
    [InlineData("{Policies: 1, policies: 2}", "line 1, column 25: 'policies' is given twice")]
    public void ReadTailSampling_BadYaml_SaysWhereAndWhat(string yaml, string message)
    {
        var error = Assert.Throws<CollectorDocumentException>(() => CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"policies\": [1, 2}", "line 1, column 19: '}' is invalid")]
    [InlineData("{\n  \"policies\": \n    nope}", "line 3, column 6:")]
    [InlineData("[1]", "expected a JSON object at the top of the document, found array")]
    [InlineData("{\"a\": 1, \"A\": 2}", "'A' is given twice")]
    public void ReadTailSampling_BadJson_SaysWhereAndWhat(string json, string message)
    {
        var error = Assert.Throws<CollectorDocumentException>(() => CollectorDocument.ReadTailSampling(json, CollectorFormat.Json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTailSampling_AliasBomb_IsRefusedBeforeItExpands()
    {
        // Each level doubles: ten levels stand for 2^10 x 16 values, over the cap.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 10).Select(i => $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n"));

        var error = Assert.Throws<CollectorDocumentException>(() => CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml));

        Assert.Contains("more than 10000 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTailSampling_DeepNesting_IsRefused()
    {
        var yaml = "a: " + new string('[', 40) + new string(']', 40);

        var error = Assert.Throws<CollectorDocumentException>(() => CollectorDocument.ReadTailSampling(yaml, CollectorFormat.Yaml));

        Assert.Contains("nests deeper than 32 levels", error.Message, StringComparison.Ordinal);
    }
}

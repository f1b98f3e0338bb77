using System.Net;
using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

/// <summary>
/// What Grafana and Prometheus will call, called on the real gateway: every metric the dashboards
/// chart is in its /metrics, and every path the Jaeger and Zipkin data sources request answers 200.
/// </summary>
[Collection(RunningGatewayCollection.Name)]
public sealed class GatewayEndpointsTests(RunningGateway gateway)
{
    [Fact]
    public async Task Dashboards_EveryMetric_IsInARealScrape()
    {
        var families = await MetricNamesAsync();
        var used = GrafanaProvisioning.Queries().SelectMany(q => PromQl.MetricNames(q.Expression).Select(m => (q.Dashboard, q.Panel, Metric: m))).ToList();

        Assert.NotEmpty(used);
        var missing = used.Where(u => !families.Contains(u.Metric)).Select(u => $"{u.Metric} ({u.Dashboard} / {u.Panel})").Distinct().ToList();
        Assert.True(missing.Count == 0, $"Not in the gateway's /metrics: {string.Join("; ", missing)}");
    }

    [Fact]
    public async Task Scrape_CountsTheSpansSentAndTheRejectedOne()
    {
        var text = await ScrapeAsync();

        Assert.Matches(@"(?m)^traceflow_ingest_spans_accepted_total\{protocol=""traceflow_json""\} [1-9]", text);
        Assert.Matches(@"(?m)^traceflow_ingest_spans_rejected_total\{protocol=""traceflow_json"",reason=""[a-z_]+""\} [1-9]", text);
        Assert.Matches(@"(?m)^traceflow_spans_received_total [1-9]", text);
    }

    [Fact]
    public async Task Scrape_CountsTheTraceSpansPerServiceAndOperation()
    {
        var text = await ScrapeAsync();
        var frontend = $"service=\"{RunningGateway.Service}\",operation=\"{RunningGateway.Operation}\"";
        var backend = $"service=\"{RunningGateway.BackendService}\",operation=\"{RunningGateway.BackendOperation}\"";

        Assert.Equal(1, Sample(text, $"traceflow_operation_spans_total{{{frontend}}}"));
        Assert.Equal(0, Sample(text, $"traceflow_operation_errors_total{{{frontend}}}"));
        Assert.Equal(1, Sample(text, $"traceflow_operation_spans_total{{{backend}}}"));
        Assert.Equal(1, Sample(text, $"traceflow_operation_errors_total{{{backend}}}"));
        // 120 ms and 80 ms: above the 0.1 s bound and below the 0.25 s one, and the other way round.
        Assert.Equal(0, Sample(text, $"traceflow_operation_duration_seconds_bucket{{{frontend},le=\"0.1\"}}"));
        Assert.Equal(1, Sample(text, $"traceflow_operation_duration_seconds_bucket{{{frontend},le=\"0.25\"}}"));
        Assert.Equal(1, Sample(text, $"traceflow_operation_duration_seconds_bucket{{{backend},le=\"0.1\"}}"));
        Assert.Equal(0, Sample(text, $"traceflow_operation_duration_seconds_bucket{{{backend},le=\"0.05\"}}"));
        Assert.Equal(1, Sample(text, $"traceflow_operation_duration_seconds_count{{{frontend}}}"));
        Assert.DoesNotContain("operation=\"bad\"", text, StringComparison.Ordinal); // rejected at ingest
    }

    public static TheoryData<string, string> DatasourceCalls() => new()
    {
        // Grafana's Jaeger data source: services, operations, search, one trace, dependencies.
        { "jaeger", "/api/services" },
        { "jaeger", $"/api/services/{Uri.EscapeDataString(RunningGateway.Service)}/operations" },
        { "jaeger", $"/api/traces?service={Uri.EscapeDataString(RunningGateway.Service)}&limit=20" },
        { "jaeger", $"/api/traces/{RunningGateway.TraceId}" },
        { "jaeger", "/api/dependencies?endTs=4102444800000&lookback=86400000" },
        // Grafana's Zipkin data source: services, span names, search, one trace.
        { "zipkin", "/api/v2/services" },
        { "zipkin", $"/api/v2/spans?serviceName={Uri.EscapeDataString(RunningGateway.Service)}" },
        { "zipkin", $"/api/v2/traces?serviceName={Uri.EscapeDataString(RunningGateway.Service)}&limit=10" },
        { "zipkin", $"/api/v2/trace/{RunningGateway.TraceId}" },
    };

    [Theory]
    [MemberData(nameof(DatasourceCalls))]
    public async Task Datasource_Call_AnswersOkOnTheGateway(string type, string call)
    {
        var basePath = new Uri(GrafanaProvisioning.Datasource(type).Str("url")!).AbsolutePath.TrimEnd('/');

        using var response = await gateway.Client.GetAsync(basePath + call, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{type}: GET {basePath}{call} answered {(int)response.StatusCode}");
        Assert.NotEqual(0, response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task Datasource_Search_FindsTheTraceSentThroughBothApis()
    {
        var jaeger = await gateway.Client.GetStringAsync($"/jaeger/api/traces?service={Uri.EscapeDataString(RunningGateway.Service)}", TestContext.Current.CancellationToken);
        var zipkin = await gateway.Client.GetStringAsync($"/api/v2/traces?serviceName={Uri.EscapeDataString(RunningGateway.Service)}", TestContext.Current.CancellationToken);

        Assert.Contains(RunningGateway.TraceId, jaeger, StringComparison.Ordinal);
        Assert.Contains(RunningGateway.TraceId, zipkin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusJob_GatewayMetricsPath_ServesPrometheusText()
    {
        var job = Assert.Single(Yaml.LoadSingle(Repo.PathOf("deploy", "prometheus", "prometheus.yml")).Seq("scrape_configs"), j => j.Str("job_name") == "traceflow-gateway");

        using var response = await gateway.Client.GetAsync(job.Str("metrics_path") ?? "/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>.</summary>
    private static double Sample(string text, string series)
    {
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> ScrapeAsync() => await gateway.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

    /// <summary>
    /// The metric names of one scrape: its families (<c># TYPE name ...</c>, present even without a
    /// series yet) and its samples' names, which add a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.
    /// </summary>
    private async Task<IReadOnlySet<string>> MetricNamesAsync() =>
        (await ScrapeAsync()).Split('\n')
            .Where(l => l.Length > 0 && (l.StartsWith("# TYPE ", StringComparison.Ordinal) || l[0] != '#'))
            .Select(l => l[0] == '#' ? l.Split(' ')[2] : l.Split('{', ' ')[0])
            .ToHashSet(StringComparer.Ordinal);
}

using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

/// <summary>The metric-name reader the dashboard check relies on: it must neither miss names nor invent them.</summary>
public sealed class PromQlTests
{
    [Theory]
    [InlineData("sum by (protocol) (rate(traceflow_ingest_spans_accepted_total[$__rate_interval]))", "traceflow_ingest_spans_accepted_total")]
    [InlineData("rate(process_cpu_seconds_total{job=~\"traceflow-.*\", instance!=\"x\"}[5m])", "process_cpu_seconds_total")]
    [InlineData("sum(traceflow_traces_live) / on (instance) group_left (job) up", "traceflow_traces_live up")]
    [InlineData("min without (instance) (traceflow_clickhouse_up) and traceflow_store_traces > 0.5", "traceflow_clickhouse_up traceflow_store_traces")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))", "http_request_duration_seconds_bucket")]
    public void MetricNames_ReadsEveryMetricAndNothingElse(string expression, string expected)
    {
        var names = PromQl.MetricNames(expression);

        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }
}

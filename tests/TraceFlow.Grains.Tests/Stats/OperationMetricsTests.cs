using System.Globalization;
using Prometheus;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Stats;

/// <summary>Each test exports into its own registry, so counts are exact whatever else runs in the process.</summary>
public sealed class OperationMetricsTests
{
    private static readonly StatsLimits Limits = new(100, 100);

    [Fact]
    public async Task Export_CountsSpansAndErrorsPerServiceAndOperation()
    {
        var (registry, metrics) = Create(new MetricSeriesCap(10, 10));
        var delta = new TraceStatistics();
        Record(delta, "checkout", "POST /pay", 3, milliseconds: 12, errors: 1);
        Record(delta, "inventory", "GET /stock", 2, milliseconds: 4, errors: 0);

        metrics.Export(delta);
        metrics.Export(delta);
        var text = await ScrapeAsync(registry);

        Assert.Equal(6, Sample(text, "traceflow_operation_spans_total{service=\"checkout\",operation=\"POST /pay\"}"));
        Assert.Equal(2, Sample(text, "traceflow_operation_errors_total{service=\"checkout\",operation=\"POST /pay\"}"));
        Assert.Equal(4, Sample(text, "traceflow_operation_spans_total{service=\"inventory\",operation=\"GET /stock\"}"));
        Assert.Equal(0, Sample(text, "traceflow_operation_errors_total{service=\"inventory\",operation=\"GET /stock\"}"));
        Assert.Equal(0, Sample(text, "traceflow_operation_spans_folded_total{cap=\"operation\"}"));
    }

    [Fact]
    public async Task Export_DurationBuckets_AreTheLatencyBinsInSecondsWithTheirExactCounts()
    {
        var (registry, metrics) = Create(new MetricSeriesCap(10, 10));
        var delta = new TraceStatistics();
        Record(delta, "svc", "op", 2, milliseconds: 0.05, errors: 0);  // bin (0, 0.1 ms]
        Record(delta, "svc", "op", 3, milliseconds: 3, errors: 0);     // bin (2.5, 5 ms]
        Record(delta, "svc", "op", 1, milliseconds: 700, errors: 0);   // bin (500, 1000 ms]
        Record(delta, "svc", "op", 1, milliseconds: 45_000, errors: 0); // above the last bound, 30 s

        metrics.Export(delta);
        var buckets = Buckets(await ScrapeAsync(registry), "svc", "op");

        Assert.Equal([.. LatencyBins.UpperBoundsMs.Select(ms => ms / 1000), double.PositiveInfinity], buckets.Select(b => b.Le));
        Assert.Equal([2, 2, 2, 2, 2, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 7], buckets.Select(b => b.Count));
    }

    [Fact]
    public async Task Export_DurationSum_IsTheRecordedSum()
    {
        var (registry, metrics) = Create(new MetricSeriesCap(10, 10));
        var delta = new TraceStatistics();
        Record(delta, "svc", "op", 2, milliseconds: 0.05, errors: 0);
        Record(delta, "svc", "op", 3, milliseconds: 3, errors: 0);
        Record(delta, "svc", "op", 1, milliseconds: 45_000, errors: 0);

        metrics.Export(delta);
        var text = await ScrapeAsync(registry);

        Assert.Equal(6, Sample(text, "traceflow_operation_duration_seconds_count{service=\"svc\",operation=\"op\"}"));
        Assert.Equal(45.0091, Sample(text, "traceflow_operation_duration_seconds_sum{service=\"svc\",operation=\"op\"}"), 9);
    }

    [Fact]
    public async Task Export_BeyondTheCaps_FoldsIntoOtherAndCountsTheFoldedSpans()
    {
        var (registry, metrics) = Create(new MetricSeriesCap(maxSeries: 1, maxServices: 1));
        var delta = new TraceStatistics();
        Record(delta, "a", "x", 1, milliseconds: 1, errors: 0);
        metrics.Export(delta);
        delta = new TraceStatistics();
        Record(delta, "a", "y", 2, milliseconds: 1, errors: 1);
        Record(delta, "b", "z", 4, milliseconds: 1, errors: 0);

        metrics.Export(delta);
        var text = await ScrapeAsync(registry);

        Assert.Equal(1, Sample(text, "traceflow_operation_spans_total{service=\"a\",operation=\"x\"}"));
        Assert.Equal(2, Sample(text, "traceflow_operation_spans_total{service=\"a\",operation=\"other\"}"));
        Assert.Equal(1, Sample(text, "traceflow_operation_errors_total{service=\"a\",operation=\"other\"}"));
        Assert.Equal(4, Sample(text, "traceflow_operation_spans_total{service=\"other\",operation=\"other\"}"));
        Assert.Equal(2, Sample(text, "traceflow_operation_spans_folded_total{cap=\"operation\"}"));
        Assert.Equal(4, Sample(text, "traceflow_operation_spans_folded_total{cap=\"service\"}"));
        Assert.DoesNotContain("service=\"b\"", text, StringComparison.Ordinal);
    }

    private static (CollectorRegistry Registry, OperationMetrics Metrics) Create(MetricSeriesCap cap)
    {
        var registry = Metrics.NewCustomRegistry();
        return (registry, new OperationMetrics(Metrics.WithCustomRegistry(registry), cap));
    }

    private static void Record(TraceStatistics delta, string service, string operation, int spans, double milliseconds, int errors)
    {
        for (var i = 0; i < spans; i++)
        {
            delta.RecordSpan(service, operation, (long)(milliseconds * 1_000_000), isError: i < errors, Limits);
        }
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>.</summary>
    private static double Sample(string text, string series)
    {
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The (le, cumulative count) pairs of one series' buckets, in the order scraped.</summary>
    private static List<(double Le, long Count)> Buckets(string text, string service, string operation)
    {
        var prefix = $"traceflow_operation_duration_seconds_bucket{{service=\"{service}\",operation=\"{operation}\",le=\"";
        return [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l =>
        {
            var rest = l[prefix.Length..];
            var end = rest.IndexOf('"', StringComparison.Ordinal);
            var le = rest[..end] == "+Inf" ? double.PositiveInfinity : double.Parse(rest[..end], CultureInfo.InvariantCulture);
            return (le, long.Parse(rest[(end + 3)..], CultureInfo.InvariantCulture));
        })];
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Stats;
using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Statistics of the kept spans and traces that start in a time range (by default
/// <see cref="ClickHouseOptions.DefaultQueryWindow"/> back from its end or from now), computed by
/// ClickHouse. Spans: counts, errors, nearest-rank percentiles and histograms per service and
/// operation, with the stats grain's 1 % latency buckets, from the hourly <c>span_stats</c> rollup for the whole
/// hours of the range and from <c>spans</c> for the part hours at its ends. Traces: exact
/// nearest-rank percentiles of durations and the sampling policies, from <c>traces</c>. Only kept
/// traces reach ClickHouse, so nothing is counted as dropped. At most <see cref="MaxServices"/>
/// services and as many operations per service (the busiest) are listed. The timeline counts traces
/// by the step their start falls in, from <c>traces</c> alone.
/// </summary>
public sealed class ClickHouseStatsReader(ClickHouseDatabase database, IOptions<ClickHouseOptions> options, TimeProvider time) : IStatsReader
{
    public const int MaxServices = StatsOptions.DefaultMaxServices;
    public const int MaxOperationsPerService = StatsOptions.DefaultMaxOperationsPerService;

    /// <summary>Most service and operation rows one read returns; past it the totals are read apart.</summary>
    private const int MaxLatencyRows = 100_000;

    /// <summary>
    /// p50, p95 and p99 of weighted bucket values, as a state per operation and merged: the first
    /// value whose running weight reaches ceil(q·n), the nearest rank.
    /// </summary>
    private const string BucketPercentilesState = "quantilesExactWeightedState(0.5, 0.95, 0.99)";

    private const string BucketPercentilesMerge = "quantilesExactWeightedMerge(0.5, 0.95, 0.99)";

    /// <summary>p50, p95 and p99 as nearest ranks.</summary>
    private const string ExactPercentiles = $"quantilesExact({NearestRankLevels.P50P95P99})";

    private readonly TimeSpan defaultWindow = options.Value.DefaultQueryWindow;

    public async Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var window = QueryWindow.Resolve(fromUnixNanos, toUnixNanos, defaultWindow, time);
        var covered = new StatsSnapshot { FromUnixNanos = window.FromUnixNanos, ToUnixNanos = window.ToUnixNanos ?? QueryWindow.NowUnixNanos(time) };
        if (window.IsEmpty)
        {
            return covered;
        }

        // Two independent reads, run side by side: the traces and, in one pass, services and their operations.
        var tracesRead = QueryAsync(tenant, (p, t) => TracesSql(p, t, window), cancellationToken);
        var latencyRead = QueryAsync(tenant, (p, t) => LatencySql(SpanOperations(p, t, window)), cancellationToken);
        var traces = await tracesRead;
        var latency = await latencyRead;
        var allServices = latency.Where(r => SpanTable.Int(r, "per_operation") == 0).ToList();
        var services = allServices.Take(MaxServices).ToList();
        var listed = services.Select(r => SpanTable.Text(r, "service")).ToHashSet(StringComparer.Ordinal);
        var operations = latency.Where(r => SpanTable.Int(r, "per_operation") == 1 && listed.Contains(SpanTable.Text(r, "service"))).ToList();
        var (spanCount, errorCount) = latency.Count < MaxLatencyRows
            ? (allServices.Sum(r => SpanTable.Int(r, "n")), allServices.Sum(r => SpanTable.Int(r, "errors")))
            : await TotalsAsync(tenant, window, cancellationToken);

        var allTraces = traces.SingleOrDefault(r => SpanTable.Int(r, "all_traces") == 1);
        var traceCount = allTraces.ValueKind == JsonValueKind.Undefined ? 0 : SpanTable.Int(allTraces, "n");
        var byService = operations.ToLookup(r => SpanTable.Text(r, "service"), StringComparer.Ordinal);
        return covered with
        {
            SpanCount = spanCount,
            ErrorSpanCount = errorCount,
            TraceCount = traceCount,
            KeptTraceCount = traceCount,
            TraceDurations = traceCount == 0 ? LatencySummary.Empty : Latency(allTraces),
            Services = [.. services
                .Select(s => SpanTable.Text(s, "service"))
                .Order(StringComparer.Ordinal)
                .Select(name => new ServiceSnapshot(
                    name,
                    Operation(name, services.First(s => SpanTable.Text(s, "service") == name)),
                    [.. byService[name].Select(o => Operation(SpanTable.Text(o, "operation_name"), o)).OrderBy(o => o.Name, StringComparer.Ordinal)]))],
            DecisionsByPolicy = traces.Where(r => SpanTable.Int(r, "all_traces") == 0).ToImmutableDictionary(
                r => TraceStatistics.DecisionKey(keep: true, SpanTable.Text(r, "policy_name")), r => SpanTable.Int(r, "n"), StringComparer.Ordinal),
        };
    }

    /// <summary>Trace start times are kept to the nanosecond, so any whole second is a step.</summary>
    public long MinTimelineStepSeconds => 1;

    public async Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(range);
        var rows = await QueryAsync(tenant, (p, t) => TimelineSql(p, t, range), cancellationToken);
        var byPoint = rows.ToDictionary(r => SpanTable.Int(r, "point"));
        return [.. Enumerable.Range(0, range.PointCount).Select(point => byPoint.TryGetValue(point, out var row)
            ? new TimelinePoint(range.StartOf(point), SpanTable.Int(row, "n"), SpanTable.Int(row, "spans"), SpanTable.Int(row, "errors"), Latency(row))
            : TimelinePoint.Empty(range.StartOf(point)))];
    }

    /// <summary>
    /// Per step, the traces starting in it: their count, spans, error spans and exact duration
    /// percentiles. A trace's rows (one per write) are read with the margins of
    /// <see cref="TracesSql"/>; a retried write repeats its row exactly, so identical rows count once.
    /// </summary>
    private string TimelineSql(SqlParameters parameters, string tenant, TimelineRange range)
    {
        var window = new QueryWindow(range.FirstUnixNanos, range.EndUnixNanos - 1);
        return $"""
            SELECT intDiv(start - {parameters.Number(range.FirstUnixNanos)}, {parameters.Number(range.StepNanos)}) AS point, count() AS n,
                sum(trace_spans) AS spans, sum(trace_errors) AS errors, {ExactPercentiles}(d) AS q, min(d) AS lo, max(d) AS hi, avg(d) AS mean
            FROM (
                SELECT min(start_unix_nanos) AS start, (max(end_unix_nanos) - start) / 1000000 AS d, sum(span_count) AS trace_spans, sum(error_count) AS trace_errors
                FROM (
                    SELECT DISTINCT cityHash64(trace_id) AS trace, start_unix_nanos, end_unix_nanos, span_count, error_count
                    FROM {database.Table(TracesTable.Name)}
                    WHERE tenant = {tenant} AND {window.Widened(QueryWindow.LateWriteMargin, QueryWindow.LateWriteMargin).RowsStarting(parameters)})
                GROUP BY trace
                HAVING start >= {parameters.Number(window.FromUnixNanos)} AND start <= {parameters.Number(window.ToUnixNanos ?? long.MaxValue)})
            GROUP BY point
            """;
    }

    /// <summary>
    /// Durations of the traces starting in the window: all of them (<c>all_traces = 1</c>) and
    /// per sampling policy. A trace's rows are read from a margin before the window (to see an
    /// earlier start) to a margin after (late writes). Rows group by a 64-bit hash of the trace id,
    /// twice as fast as by the id (a million traces share a hash by a chance of about 1 in 40 million).
    /// </summary>
    private string TracesSql(SqlParameters parameters, string tenant, QueryWindow window) => $"""
        SELECT all_traces, if(all_traces = 1, '', policy) AS policy_name, count() AS n,
            {ExactPercentiles}(d) AS q, min(d) AS lo, max(d) AS hi, avg(d) AS mean
        FROM (
            SELECT (max(end_unix_nanos) - min(start_unix_nanos)) / 1000000 AS d, any(sampling_policy) AS policy
            FROM {database.Table(TracesTable.Name)}
            WHERE tenant = {tenant} AND {window.Widened(QueryWindow.LateWriteMargin, QueryWindow.LateWriteMargin).RowsStarting(parameters)}
            GROUP BY cityHash64(trace_id)
            HAVING min(start_unix_nanos) >= {parameters.Number(window.FromUnixNanos)} AND min(start_unix_nanos) <= {parameters.Number(window.ToUnixNanos ?? long.MaxValue)})
        ARRAY JOIN [1, 0] AS all_traces
        GROUP BY all_traces, policy_name
        """;

    /// <summary>
    /// Counts and latency of the <paramref name="operations"/> per service (<c>per_operation = 0</c>)
    /// and per service and operation (<c>per_operation = 1</c>, the busiest of each service), busiest first.
    /// </summary>
    private static string LatencySql(string operations) => $"""
        SELECT service, per_operation, if(per_operation = 1, operation, '') AS operation_name, sum(spans) AS n, sum(errors) AS errors,
            {BucketPercentilesMerge}(bucket_values) AS q, min(duration_min) / 1000000 AS lo, max(duration_max) / 1000000 AS hi, sum(total_ms) / n AS mean,
            {HistogramSql.Merge("bins")} AS histogram
        FROM ({operations})
        ARRAY JOIN [0, 1] AS per_operation
        GROUP BY service, per_operation, operation_name
        ORDER BY n DESC, service, operation_name
        {RowLimit.Clause(MaxOperationsPerService)} BY service, per_operation
        {RowLimit.Clause(MaxLatencyRows)}
        """;

    /// <summary>
    /// Spans starting in the window per service and operation, with their bucket values as a
    /// weighted-percentile state: the rollup's whole hours merged with the raw spans of the rest
    /// (grouped by operation alone, which costs ClickHouse far less than by bucket as well).
    /// </summary>
    private string SpanOperations(SqlParameters parameters, string tenant, QueryWindow window)
    {
        var firstHour = LatencyBuckets.FirstHourFrom(window.FromUnixNanos);
        var lastHour = LatencyBuckets.LastHourTo(window.ToUnixNanos ?? long.MaxValue);
        var raw = $"""
            SELECT service, operation, {BucketPercentilesState}({LatencyBuckets.ValueOf(LatencyBuckets.BucketOfDuration)}, toUInt64(1)) AS bucket_values,
                count() AS spans, sum(toUInt64(status = 2)) AS errors, min(duration_nanos) AS duration_min, max(duration_nanos) AS duration_max,
                sum(duration_nanos / 1000000) AS total_ms, {HistogramSql.Counts(LatencyBuckets.BucketOfDuration, "toUInt64(1)")} AS bins
            FROM {database.Table(SpanTable.Name)}
            WHERE tenant = {tenant} AND {window.RowsStarting(parameters)}
            """;
        if (firstHour > lastHour)
        {
            return $"{raw} GROUP BY service, operation";
        }

        var first = parameters.Number(firstHour);
        var last = parameters.Number(lastHour);
        return $"""
            SELECT service, operation, {BucketPercentilesState}({LatencyBuckets.ValueOf("bucket")}, bucket_spans) AS bucket_values,
                sum(bucket_spans) AS spans, sum(bucket_errors) AS errors, min(bucket_min) AS duration_min, max(bucket_max) AS duration_max,
                sum(bucket_total_ms) AS total_ms, {HistogramSql.Counts("bucket", "bucket_spans")} AS bins
            FROM (
                SELECT service, operation, bucket, countMerge(spans) AS bucket_spans, sumMerge(errors) AS bucket_errors,
                    minMerge(duration_min) AS bucket_min, maxMerge(duration_max) AS bucket_max, sumMerge(duration_sum_ms) AS bucket_total_ms
                FROM {database.Table(RollupTables.SpanStats)}
                WHERE tenant = {tenant} AND {window.Days(parameters)} AND hour >= {first} AND hour <= {last}
                GROUP BY service, operation, bucket)
            GROUP BY service, operation
            UNION ALL
            {raw} AND NOT ({LatencyBuckets.HourOfStart} BETWEEN {first} AND {last})
            GROUP BY service, operation
            """;
    }

    private async Task<(long Spans, long Errors)> TotalsAsync(string tenant, QueryWindow window, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(tenant, (p, t) => $"SELECT sum(spans) AS n, sum(errors) AS errors FROM ({SpanOperations(p, t, window)})", cancellationToken);
        return (SpanTable.Int(rows[0], "n"), SpanTable.Int(rows[0], "errors"));
    }

    /// <summary>Runs the query <paramref name="sql"/> makes from fresh parameters and the tenant's placeholder.</summary>
    private Task<IReadOnlyList<JsonElement>> QueryAsync(string tenant, Func<SqlParameters, string, string> sql, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var text = sql(parameters, parameters.Text(tenant));
        return database.QueryAsync(text, parameters.Values, cancellationToken);
    }

    private static OperationSnapshot Operation(string name, JsonElement row) =>
        new(name, SpanTable.Int(row, "n"), SpanTable.Int(row, "errors"), Latency(row)) { Histogram = HistogramSql.Read(row.GetProperty("histogram")) };

    /// <summary>A row's count, percentiles, minimum, maximum and mean (null when there were no values).</summary>
    private static LatencySummary Latency(JsonElement row)
    {
        var count = SpanTable.Int(row, "n");
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        // Bucket values are clamped to what was seen, as the stats grain does.
        var q = row.GetProperty("q");
        var (lo, hi) = (row.GetProperty("lo").GetDouble(), row.GetProperty("hi").GetDouble());
        return new(count, Math.Clamp(q[0].GetDouble(), lo, hi), Math.Clamp(q[1].GetDouble(), lo, hi), Math.Clamp(q[2].GetDouble(), lo, hi), lo, hi, row.GetProperty("mean").GetDouble());
    }
}

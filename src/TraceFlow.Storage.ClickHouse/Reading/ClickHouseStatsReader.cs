using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Stats;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Statistics of the kept spans and traces that start in a time range (by default
/// <see cref="ClickHouseOptions.DefaultQueryWindow"/> back from its end or from now), computed by
/// ClickHouse: counts, errors and exact nearest-rank percentiles per service and operation
/// (from <c>spans</c>, each span once) and of trace durations and sampling policies (from
/// <c>trace_index</c>). Only kept traces reach ClickHouse, so nothing is counted as dropped.
/// At most <see cref="MaxServices"/> services and as many operations per service (the busiest) are listed.
/// </summary>
public sealed class ClickHouseStatsReader(ClickHouseDatabase database, IOptions<ClickHouseOptions> options, TimeProvider time) : IStatsReader
{
    public const int MaxServices = StatsOptions.DefaultMaxServices;
    public const int MaxOperationsPerService = StatsOptions.DefaultMaxOperationsPerService;

    /// <summary>
    /// p50, p95 and p99 as nearest ranks: <c>quantilesExact(q)</c> takes the value at 0-based
    /// index floor(q·n), the nearest rank is ceil(q·n) − 1, and the two agree for q just below the
    /// percentile (exactly up to ten million values, one rank low at most beyond).
    /// </summary>
    private const string Percentiles = "quantilesExact(0.499999999, 0.949999999, 0.989999999)";

    private const string DurationMs = "duration_nanos / 1000000";

    private readonly TimeSpan defaultWindow = options.Value.DefaultQueryWindow;

    public async Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var window = QueryWindow.Resolve(fromUnixNanos, toUnixNanos, defaultWindow, time);
        if (window.IsEmpty)
        {
            return new StatsSnapshot();
        }

        var traces = await QueryAsync(tenant, (p, t) => $"SELECT count() AS n, {Percentiles}(d) AS q, min(d) AS lo, max(d) AS hi, avg(d) AS mean FROM ({TracesSql(p, t, window)})", cancellationToken);
        var policies = await QueryAsync(tenant, (p, t) => $"SELECT policy, count() AS n FROM ({TracesSql(p, t, window)}) GROUP BY policy", cancellationToken);
        var services = await QueryAsync(tenant, (p, t) => SpansSql(p, t, window, "service", null), cancellationToken);
        var busiest = services.Count < MaxServices ? null : services.Select(r => SpanTable.Text(r, "service")).ToList();
        var operations = await QueryAsync(tenant, (p, t) => SpansSql(p, t, window, "service, operation", busiest), cancellationToken);
        var (spanCount, errorCount) = busiest is null
            ? (services.Sum(r => SpanTable.Int(r, "n")), services.Sum(r => SpanTable.Int(r, "errors")))
            : await TotalsAsync(tenant, window, cancellationToken);

        var traceCount = SpanTable.Int(traces[0], "n");
        var byService = operations.ToLookup(r => SpanTable.Text(r, "service"), StringComparer.Ordinal);
        return new StatsSnapshot
        {
            SpanCount = spanCount,
            ErrorSpanCount = errorCount,
            TraceCount = traceCount,
            KeptTraceCount = traceCount,
            TraceDurations = Latency(traces[0]),
            Services = [.. services
                .Select(s => SpanTable.Text(s, "service"))
                .Order(StringComparer.Ordinal)
                .Select(name => new ServiceSnapshot(
                    name,
                    Operation(name, services.First(s => SpanTable.Text(s, "service") == name)),
                    [.. byService[name].Select(o => Operation(SpanTable.Text(o, "operation"), o)).OrderBy(o => o.Name, StringComparer.Ordinal)]))],
            DecisionsByPolicy = policies.ToImmutableDictionary(
                r => TraceStatistics.DecisionKey(keep: true, SpanTable.Text(r, "policy")), r => SpanTable.Int(r, "n"), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// One row per trace starting in the window: its duration and policy. Its index rows are read
    /// from a margin before the window (to see an earlier start) to a margin after (late writes).
    /// </summary>
    private string TracesSql(SqlParameters parameters, string tenant, QueryWindow window) => $"""
        SELECT (max(end_unix_nanos) - min(start_unix_nanos)) / 1000000 AS d, any(sampling_policy) AS policy
        FROM {database.Table(TraceIndexTable.Name)}
        WHERE tenant = {tenant} AND {window.Widened(QueryWindow.LateWriteMargin, QueryWindow.LateWriteMargin).RowsStarting(parameters)}
        GROUP BY trace_id
        HAVING min(start_unix_nanos) >= {parameters.Number(window.FromUnixNanos)} AND min(start_unix_nanos) <= {parameters.Number(window.ToUnixNanos ?? long.MaxValue)}
        """;

    /// <summary>Counts and latency per <paramref name="groups"/> of the spans starting in the window, busiest first.</summary>
    private string SpansSql(SqlParameters parameters, string tenant, QueryWindow window, string groups, IReadOnlyList<string>? services)
    {
        var only = services is null ? "" : $" AND service IN ({string.Join(", ", services.Select(parameters.Text))})";
        var limit = groups == "service" ? RowLimit.Clause(MaxServices) : $"{RowLimit.Clause(MaxOperationsPerService)} BY service";
        return $"""
            SELECT {groups}, count() AS n, countIf(status = 2) AS errors,
                {Percentiles}({DurationMs}) AS q, min({DurationMs}) AS lo, max({DurationMs}) AS hi, avg({DurationMs}) AS mean
            FROM {database.Table(SpanTable.Name)} FINAL
            WHERE tenant = {tenant} AND {window.RowsStarting(parameters)}{only}
            GROUP BY {groups}
            ORDER BY n DESC, {groups}
            {limit}
            """;
    }

    private async Task<(long Spans, long Errors)> TotalsAsync(string tenant, QueryWindow window, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            tenant,
            (p, t) => $"SELECT count() AS n, countIf(status = 2) AS errors FROM {database.Table(SpanTable.Name)} FINAL WHERE tenant = {t} AND {window.RowsStarting(p)}",
            cancellationToken);
        return (SpanTable.Int(rows[0], "n"), SpanTable.Int(rows[0], "errors"));
    }

    /// <summary>Runs the query <paramref name="sql"/> makes from fresh parameters and the tenant's placeholder.</summary>
    private Task<IReadOnlyList<JsonElement>> QueryAsync(string tenant, Func<SqlParameters, string, string> sql, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var text = sql(parameters, parameters.Text(tenant));
        return database.QueryAsync(text, parameters.Values, cancellationToken);
    }

    private static OperationSnapshot Operation(string name, JsonElement row) => new(name, SpanTable.Int(row, "n"), SpanTable.Int(row, "errors"), Latency(row));

    /// <summary>A row's count, percentiles, minimum, maximum and mean (null when there were no values).</summary>
    private static LatencySummary Latency(JsonElement row)
    {
        var count = SpanTable.Int(row, "n");
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        var q = row.GetProperty("q");
        return new(count, q[0].GetDouble(), q[1].GetDouble(), q[2].GetDouble(), row.GetProperty("lo").GetDouble(), row.GetProperty("hi").GetDouble(), row.GetProperty("mean").GetDouble());
    }
}

using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Calls between services over the traces that start in a window, as
/// <see cref="Grains.Traces.TraceTree.ServiceCalls"/> counts them within each trace: from
/// <c>dependency_edges</c> for traces written once, and recounted from all their spans (each
/// read once: <c>FINAL</c> folds repeated rows) for traces written more than once, whose
/// late spans may call across writes. Every value is a parameter.
/// </summary>
internal static class DependencySql
{
    /// <summary>p50, p95 and p99 as nearest ranks.</summary>
    private const string ExactPercentiles = $"quantilesExactArray({NearestRankLevels.P50P95P99})";

    /// <summary>
    /// Per pair of services: <c>calls</c> and <c>errors</c>; with <paramref name="withLatency"/> also
    /// <c>timed</c> (calls with a known duration: rows written before schema v7 have none, so they
    /// add calls but no latency) and over those durations, in milliseconds, <c>q</c> (p50, p95,
    /// p99), <c>lo</c>, <c>hi</c> and <c>mean</c>. Without it the query reads no durations at all.
    /// </summary>
    public static string Build(ClickHouseDatabase database, string tenant, QueryWindow window, SqlParameters parameters, bool withLatency)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(parameters);
        var tenantValue = parameters.Text(tenant);
        var from = parameters.Number(window.FromUnixNanos);
        var to = parameters.Number(window.ToUnixNanos ?? long.MaxValue);

        // Written more than once: more than one traces row, from a margin before the window (an earlier write) to one after (late writes).
        var rewritten = $"""
            SELECT trace_id
            FROM {database.Table(TracesTable.Name)}
            WHERE tenant = {tenantValue} AND {window.Widened(QueryWindow.LateWriteMargin, QueryWindow.LateWriteMargin).RowsStarting(parameters)}
            GROUP BY trace_id
            HAVING count() > 1
            """;
        var recounted = ServiceCallsSql.PerTrace($"{database.Table(SpanTable.Name)} FINAL", $"tenant = {tenantValue} AND trace_id IN ({rewritten})");
        var (latency, storedDurations, recountedDurations) = withLatency
            ? ($"""
                , sum(length(durations)) AS timed, arrayMap(d -> d / 1000000, {ExactPercentiles}(durations)) AS q,
                minArray(durations) / 1000000 AS lo, maxArray(durations) / 1000000 AS hi, avgArray(durations) / 1000000 AS mean
                """,
                ", durations_nanos AS durations",
                ", [call.4] AS durations")
            : ("", "", "");
        return $"""
            SELECT parent, child, sum(calls) AS calls, sum(errors) AS errors{latency}
            FROM (
                SELECT parent, child, calls, errors{storedDurations}
                FROM {database.Table(DependencyEdgesTable.Name)}
                WHERE tenant = {tenantValue} AND {window.RowsStarting(parameters)} AND trace_id NOT IN ({rewritten})
                UNION ALL
                SELECT call.1 AS parent, call.2 AS child, toUInt64(1) AS calls, toUInt64(call.3) AS errors{recountedDurations}
                FROM ({recounted})
                ARRAY JOIN trace_calls AS call
                WHERE trace_start >= {from} AND trace_start <= {to})
            GROUP BY parent, child
            """;
    }
}

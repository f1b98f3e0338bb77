using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Calls between services over the traces that start in a window, as
/// <see cref="Grains.Traces.TraceTree.ServiceCalls"/> counts them within each trace: one call per
/// span whose parent span is in the trace and of another service, an error when the child span
/// is one. Candidates come from <c>traces</c> (a trace's first span is in the row of its first
/// write); each trace is then judged on all its spans, read once each (<c>FINAL</c> folds the
/// rows of retried writes while reading, in key order, without holding every span key in memory).
/// </summary>
internal static class DependencySql
{
    public static string Build(ClickHouseDatabase database, string tenant, QueryWindow window, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(parameters);
        var tenantValue = parameters.Text(tenant);
        var rows = window.RowsStarting(parameters);
        var from = parameters.Number(window.FromUnixNanos);
        var to = parameters.Number(window.ToUnixNanos ?? long.MaxValue);

        // Per trace, its spans sorted by (span id, shared): a parent id finds the first span with that id,
        // the client side where a Zipkin RPC shares one id between client and server. Each span becomes
        // (index of its parent, service, is error), those with a parent (parent's service, service, is
        // error), kept where the services differ. ClickHouse 18.16 lambdas see only columns of their own
        // SELECT, so the calls are built beside the aggregation and only spread out a level up.
        return $"""
            SELECT call.1 AS parent, call.2 AS child, count() AS calls, sum(call.3) AS errors
            FROM (
                SELECT arrayJoin(trace_calls) AS call
                FROM (
                    SELECT
                        arraySort(groupArray((span_id, shared, service, parent_span_id, status = 2))) AS trace_spans,
                        arrayMap(s -> s.1, trace_spans) AS span_ids,
                        arrayFilter(c -> c.1 != c.2,
                            arrayMap(c -> (tupleElement(trace_spans[c.1], 3), c.2, c.3),
                                arrayFilter(c -> c.1 > 0,
                                    arrayMap(s -> (indexOf(span_ids, s.4), s.3, s.5), trace_spans)))) AS trace_calls
                    FROM {database.Table(SpanTable.Name)} FINAL
                    WHERE tenant = {tenantValue} AND trace_id IN (
                        SELECT trace_id FROM {database.Table(TracesTable.Name)} WHERE tenant = {tenantValue} AND {rows})
                    GROUP BY trace_id
                    HAVING min(start_unix_nanos) >= {from} AND min(start_unix_nanos) <= {to}))
            GROUP BY parent, child
            """;
    }
}

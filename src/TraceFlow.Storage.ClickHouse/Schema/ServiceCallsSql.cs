namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// The calls between services within each trace of a set of span rows, as
/// <see cref="Grains.Traces.TraceTree.ServiceCalls"/> counts them: one call per span whose parent
/// span is among the rows and of another service, an error when the child span is one, taking as
/// long as the child span: for
/// filling <c>dependency_edges</c> from older data and recounting traces written more than once.
/// </summary>
internal static class ServiceCallsSql
{
    /// <summary>
    /// Per trace of <paramref name="source"/> (rows filtered by <paramref name="where"/>): tenant,
    /// trace_id, date, trace_start and <c>trace_calls</c>, an array of (parent service, child service,
    /// is error, child span's duration in nanoseconds).
    /// </summary>
    /// <remarks>
    /// A trace's spans sorted by (span id, shared): a parent id finds the first span with that id,
    /// the client side where a Zipkin RPC shares one id between client and server. Each span becomes
    /// (index of its parent, service, is error, duration), those with a parent (parent's service,
    /// service, is error, duration), kept where the services differ. ClickHouse 18.16 lambdas see only columns of their own
    /// SELECT, so the calls are built beside the aggregation and spread out a level up.
    /// </remarks>
    public static string PerTrace(string source, string where) => $"""
        SELECT
            tenant, trace_id, min(date) AS trace_date, min(start_unix_nanos) AS trace_start,
            arraySort(groupArray((span_id, shared, service, parent_span_id, status = 2, duration_nanos))) AS trace_spans,
            arrayMap(s -> s.1, trace_spans) AS span_ids,
            arrayFilter(c -> c.1 != c.2,
                arrayMap(c -> (tupleElement(trace_spans[c.1], 3), c.2, c.3, c.4),
                    arrayFilter(c -> c.1 > 0,
                        arrayMap(s -> (indexOf(span_ids, s.4), s.3, s.5, s.6), trace_spans)))) AS trace_calls
        FROM {source}
        WHERE {where}
        GROUP BY tenant, trace_id
        """;
}

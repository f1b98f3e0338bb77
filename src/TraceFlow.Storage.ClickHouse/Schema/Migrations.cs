namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// TraceFlow's schema, version by version. Only types and engines that ClickHouse 18.16 and
/// current releases both accept (DateTime, Int64, String, Array(String), MergeTree family);
/// never edit a released step, add the next one. Each fill names its columns: a silo that read
/// the applied steps before another silo finished may run an older step's fill after a later
/// step has added columns.
/// </summary>
public static class Migrations
{
    /// <summary>
    /// Spans, one row each, ordered for trace-by-id reads. ReplacingMergeTree on the span's
    /// identity: a batch retried after a write that did land adds no span twice once parts
    /// merge, and reads take one row per span until then.
    /// </summary>
    public static readonly Migration Spans = new(1, "spans", [
        """
        CREATE TABLE IF NOT EXISTS {db}.spans (
            date Date,
            start_time DateTime,
            tenant String,
            trace_id String,
            span_id String,
            shared UInt8,
            parent_span_id String,
            service String,
            operation String,
            kind UInt8,
            start_unix_nanos Int64,
            duration_nanos Int64,
            status UInt8,
            status_message String,
            trace_state String,
            flags UInt32,
            attribute_keys Array(String),
            attribute_values Array(String),
            attribute_types Array(UInt8),
            resource_keys Array(String),
            resource_values Array(String),
            resource_types Array(UInt8),
            scope String,
            events String,
            links String,
            dropped_attributes UInt32,
            dropped_events UInt32,
            dropped_links UInt32,
            sampling_policy String
        ) ENGINE = ReplacingMergeTree()
        PARTITION BY date
        ORDER BY (tenant, trace_id, span_id, shared)
        """,
    ]);

    /// <summary>
    /// One row per service of each written trace (late spans add rows), ordered for searches
    /// by service and time; durations and errors aggregate per trace at read.
    /// </summary>
    public static readonly Migration TraceIndex = new(2, "trace_index", [
        """
        CREATE TABLE IF NOT EXISTS {db}.trace_index (
            date Date,
            start_time DateTime,
            tenant String,
            service String,
            trace_id String,
            start_unix_nanos Int64,
            end_unix_nanos Int64,
            operations Array(String),
            span_count UInt32,
            error_count UInt32,
            sampling_policy String
        ) ENGINE = MergeTree()
        PARTITION BY date
        ORDER BY (tenant, service, start_time, trace_id)
        """,
    ]);

    /// <summary>
    /// The names query pickers offer (services, operations by kind, the services each calls),
    /// kept by a materialized view as spans are inserted, so listing them never scans spans.
    /// One row per distinct name set and day (partitioned like the spans, so retention drops
    /// them together); merges fold repeats, reads take distinct values. Spans inserted before
    /// this step are not listed.
    /// </summary>
    public static readonly Migration SpanNames = new(3, "span_names", [
        """
        CREATE TABLE IF NOT EXISTS {db}.span_names (
            date Date,
            tenant String,
            service String,
            operation String,
            kind UInt8,
            remote_service String,
            has_remote_service UInt8
        ) ENGINE = ReplacingMergeTree()
        PARTITION BY date
        ORDER BY (tenant, service, operation, kind, remote_service, has_remote_service)
        """,
        // The remote service is the first peer.service attribute, as TraceQuery.RemoteServiceOf reads it.
        """
        CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.span_names_writer TO {db}.span_names AS
        SELECT
            date, tenant, service, operation, kind,
            if(indexOf(attribute_keys, 'peer.service') > 0, attribute_values[indexOf(attribute_keys, 'peer.service')], '') AS remote_service,
            indexOf(attribute_keys, 'peer.service') > 0 AS has_remote_service
        FROM {db}.spans
        GROUP BY date, tenant, service, operation, kind, remote_service, has_remote_service
        """,
    ]);

    /// <summary>
    /// One row per trace of each write (late spans add rows), ordered by time: what a search
    /// judges traces by (extent, errors, policy) without reading their spans or every service's
    /// index row. Filled from <c>trace_index</c> for traces written before this step.
    /// </summary>
    public static readonly Migration Traces = new(4, "traces", [
        """
        CREATE TABLE IF NOT EXISTS {db}.traces (
            date Date,
            start_time DateTime,
            tenant String,
            trace_id String,
            start_unix_nanos Int64,
            end_unix_nanos Int64,
            span_count UInt32,
            error_count UInt32,
            sampling_policy String
        ) ENGINE = MergeTree()
        PARTITION BY date
        ORDER BY (tenant, start_time, trace_id)
        """,
        """
        INSERT INTO {db}.traces (date, start_time, tenant, trace_id, start_unix_nanos, end_unix_nanos, span_count, error_count, sampling_policy)
        SELECT min(date), min(start_time), tenant, trace_id, min(start_unix_nanos), max(end_unix_nanos), sum(span_count), sum(error_count), any(sampling_policy)
        FROM {db}.trace_index
        WHERE (SELECT count() FROM {db}.traces) = 0
        GROUP BY tenant, trace_id
        """,
    ]);

    /// <summary>
    /// Span statistics rolled up per hour of start, service, operation and latency bucket (the
    /// stats grain's 1 % logarithmic buckets), kept by a materialized view as spans are
    /// inserted: a day's percentiles merge a few thousand rows instead of reading every span.
    /// Filled from <c>spans</c> for spans written before this step. Spans written twice (a retried
    /// batch) count twice here, so the writer never writes a span twice.
    /// </summary>
    public static readonly Migration SpanStats = new(5, "span_stats", [
        """
        CREATE TABLE IF NOT EXISTS {db}.span_stats (
            date Date,
            hour Int64,
            tenant String,
            service String,
            operation String,
            bucket Int16,
            spans AggregateFunction(count),
            errors AggregateFunction(sum, UInt64),
            duration_min AggregateFunction(min, Int64),
            duration_max AggregateFunction(max, Int64),
            duration_sum_ms AggregateFunction(sum, Float64)
        ) ENGINE = AggregatingMergeTree()
        PARTITION BY date
        ORDER BY (tenant, hour, service, operation, bucket)
        """,
        // Filled before the view exists, so no span is counted by both; spans inserted in between are not counted.
        $$"""
        INSERT INTO {db}.span_stats (date, hour, tenant, service, operation, bucket, spans, errors, duration_min, duration_max, duration_sum_ms)
        {{SpanStatsRows("{db}.spans FINAL")}}
        HAVING (SELECT count() FROM {db}.span_stats) = 0
        """,
        $$"""
        CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.span_stats_writer TO {db}.span_stats AS
        {{SpanStatsRows("{db}.spans")}}
        """,
    ]);

    /// <summary>
    /// Calls between services per written trace and pair of services, as the writer counts them
    /// within each write: dependency reads sum these instead of reading every span of the window,
    /// and recount from the spans only the traces written more than once (late spans may call
    /// across writes; a retried write also counts as twice). Filled from <c>spans</c> for traces
    /// written before this step.
    /// </summary>
    public static readonly Migration DependencyEdges = new(6, "dependency_edges", [
        """
        CREATE TABLE IF NOT EXISTS {db}.dependency_edges (
            date Date,
            start_time DateTime,
            start_unix_nanos Int64,
            tenant String,
            trace_id String,
            parent String,
            child String,
            calls UInt64,
            errors UInt64
        ) ENGINE = MergeTree()
        PARTITION BY date
        ORDER BY (tenant, start_time, trace_id)
        """,
        $$"""
        INSERT INTO {db}.dependency_edges (date, start_time, start_unix_nanos, tenant, trace_id, parent, child, calls, errors)
        SELECT
            any(trace_date), toDateTime(intDiv(any(trace_start), 1000000000)), any(trace_start),
            tenant, trace_id, call.1 AS parent, call.2 AS child, count(), toUInt64(sum(call.3))
        FROM ({{ServiceCallsSql.PerTrace("{db}.spans FINAL", "(SELECT count() FROM {db}.dependency_edges) = 0")}})
        ARRAY JOIN trace_calls AS call
        GROUP BY tenant, trace_id, parent, child
        """,
    ]);

    /// <summary>
    /// The duration of every call a <c>dependency_edges</c> row counts (the called service's span,
    /// in nanoseconds like <c>spans.duration_nanos</c>), so dependency reads compute exact latency
    /// percentiles from the rows they already sum. Rows written before this step have none: their
    /// calls count, their latency is unknown and left out of the percentiles.
    /// </summary>
    public static readonly Migration DependencyDurations = new(7, "dependency_edges durations", [])
    {
        AddedColumns = [new AddedColumn("dependency_edges", "durations_nanos", "Array(Int64)")],
    };

    public static IReadOnlyList<Migration> All { get; } = [Spans, TraceIndex, SpanNames, Traces, SpanStats, DependencyEdges, DependencyDurations];

    /// <summary>The <c>span_stats</c> rows of the spans in <paramref name="source"/>.</summary>
    private static string SpanStatsRows(string source) => $"""
        SELECT
            date, {LatencyBuckets.HourOfStart} AS hour, tenant, service, operation, {LatencyBuckets.BucketOfDuration} AS bucket,
            countState() AS spans, sumState(toUInt64(status = 2)) AS errors,
            minState(duration_nanos) AS duration_min, maxState(duration_nanos) AS duration_max, sumState(duration_nanos / 1000000) AS duration_sum_ms
        FROM {source}
        GROUP BY date, hour, tenant, service, operation, bucket
        """;
}

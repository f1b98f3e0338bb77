namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// TraceFlow's schema, version by version. Only types and engines that ClickHouse 18.16 and
/// current releases both accept (DateTime, Int64, String, Array(String), MergeTree family);
/// never edit a released step, add the next one.
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

    public static IReadOnlyList<Migration> All { get; } = [Spans, TraceIndex, SpanNames];
}

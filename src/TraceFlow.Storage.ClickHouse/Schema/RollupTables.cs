namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>The tables materialized views fill as spans are inserted (TraceFlow never writes them itself).</summary>
internal static class RollupTables
{
    /// <summary>Service, operation and remote-service names per day (schema v3).</summary>
    public const string SpanNames = "span_names";

    /// <summary>Span counts, errors and latency buckets per hour, service and operation (schema v5).</summary>
    public const string SpanStats = "span_stats";
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The <c>trace_index</c> table: per written trace, one row for each service in it.</summary>
internal static class TraceIndexTable
{
    public const string Name = "trace_index";

    public static readonly TableColumns Columns = new(
        ("date", "Date"), ("start_time", "DateTime"), ("tenant", "String"), ("service", "String"), ("trace_id", "String"),
        ("start_unix_nanos", "Int64"), ("end_unix_nanos", "Int64"), ("operations", "Array(String)"),
        ("span_count", "UInt32"), ("error_count", "UInt32"), ("sampling_policy", "String"));

    /// <summary>Rows for the spans of one write: the trace's extent in this write, and each service's operations and counts.</summary>
    public static IEnumerable<object[]> Rows(StoredTrace trace)
    {
        if (trace.Spans.IsEmpty)
        {
            yield break;
        }

        var start = WriteStart.Of(trace);
        var end = trace.Spans.Max(s => s.EndUnixNanos);
        foreach (var service in trace.Spans.GroupBy(s => s.Service, StringComparer.Ordinal))
        {
            yield return
            [
                start.Date, start.Time, trace.Key.Tenant, service.Key, trace.Key.TraceId, start.UnixNanos, end,
                service.Select(s => s.Operation).Distinct(StringComparer.Ordinal).ToArray(),
                (uint)service.Count(), (uint)service.Count(s => s.Status == SpanStatusCode.Error), trace.Decision.Policy,
            ];
        }
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The <c>traces</c> table: one row per written trace, its extent, span and error counts and policy.</summary>
internal static class TracesTable
{
    public const string Name = "traces";

    public static readonly TableColumns Columns = new(
        ("date", "Date"), ("start_time", "DateTime"), ("tenant", "String"), ("trace_id", "String"),
        ("start_unix_nanos", "Int64"), ("end_unix_nanos", "Int64"), ("span_count", "UInt32"), ("error_count", "UInt32"), ("sampling_policy", "String"));

    /// <summary>The row for the spans of one write, or none when it has no spans.</summary>
    public static IEnumerable<object[]> Rows(StoredTrace trace)
    {
        if (trace.Spans.IsEmpty)
        {
            yield break;
        }

        var start = WriteStart.Of(trace);
        yield return
        [
            start.Date, start.Time, trace.Key.Tenant, trace.Key.TraceId, start.UnixNanos, trace.Spans.Max(s => s.EndUnixNanos),
            (uint)trace.Spans.Length, (uint)trace.Spans.Count(s => s.Status == SpanStatusCode.Error), trace.Decision.Policy,
        ];
    }
}

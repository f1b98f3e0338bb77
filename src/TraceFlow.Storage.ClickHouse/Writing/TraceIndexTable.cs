using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The <c>trace_index</c> table: per written trace, one row for each service in it.</summary>
internal static class TraceIndexTable
{
    public const string Name = "trace_index";

    public static readonly (string Column, string Type)[] Columns =
    [
        ("date", "Date"), ("start_time", "DateTime"), ("tenant", "String"), ("service", "String"), ("trace_id", "String"),
        ("start_unix_nanos", "Int64"), ("end_unix_nanos", "Int64"), ("operations", "Array(String)"),
        ("span_count", "UInt32"), ("error_count", "UInt32"), ("sampling_policy", "String"),
    ];

    public static readonly IReadOnlyList<string> ColumnNames = [.. Columns.Select(c => c.Column)];

    public static readonly IReadOnlyDictionary<string, string> ColumnTypes = Columns.ToDictionary(c => c.Column, c => c.Type, StringComparer.Ordinal);

    /// <summary>Rows for the spans of one write: the trace's extent in this write, and each service's operations and counts.</summary>
    public static IEnumerable<object[]> Rows(StoredTrace trace)
    {
        if (trace.Spans.IsEmpty)
        {
            yield break;
        }

        var start = trace.Spans.Min(s => s.StartUnixNanos);
        var end = trace.Spans.Max(s => s.EndUnixNanos);
        var startTime = DateTime.UnixEpoch.AddTicks(start / 100);
        foreach (var service in trace.Spans.GroupBy(s => s.Service, StringComparer.Ordinal))
        {
            yield return
            [
                startTime.Date, startTime, trace.Key.Tenant, service.Key, trace.Key.TraceId, start, end,
                service.Select(s => s.Operation).Distinct(StringComparer.Ordinal).ToArray(),
                (uint)service.Count(), (uint)service.Count(s => s.Status == SpanStatusCode.Error), trace.Decision.Policy,
            ];
        }
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The <c>dependency_edges</c> table: per written trace, the calls between each pair of its services within the write.</summary>
internal static class DependencyEdgesTable
{
    public const string Name = "dependency_edges";

    public static readonly (string Column, string Type)[] Columns =
    [
        ("date", "Date"), ("start_time", "DateTime"), ("start_unix_nanos", "Int64"), ("tenant", "String"), ("trace_id", "String"),
        ("parent", "String"), ("child", "String"), ("calls", "UInt64"), ("errors", "UInt64"),
    ];

    public static readonly IReadOnlyList<string> ColumnNames = [.. Columns.Select(c => c.Column)];

    public static readonly IReadOnlyDictionary<string, string> ColumnTypes = Columns.ToDictionary(c => c.Column, c => c.Type, StringComparer.Ordinal);

    /// <summary>The rows of one write, counted as the in-memory store counts a trace's calls.</summary>
    public static IEnumerable<object[]> Rows(StoredTrace trace)
    {
        if (trace.Spans.IsEmpty)
        {
            yield break;
        }

        var start = trace.Spans.Min(s => s.StartUnixNanos);
        var startTime = DateTime.UnixEpoch.AddTicks(start / 100);
        foreach (var call in TraceTree.ServiceCalls(trace.Spans))
        {
            yield return [startTime.Date, startTime, start, trace.Key.Tenant, trace.Key.TraceId, call.Parent, call.Child, (ulong)call.CallCount, (ulong)call.ErrorCount];
        }
    }
}

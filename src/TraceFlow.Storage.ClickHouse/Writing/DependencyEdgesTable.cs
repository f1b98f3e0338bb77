using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// The <c>dependency_edges</c> table: per written trace, the calls between each pair of its
/// services within the write, with each call's duration (schema v7).
/// </summary>
internal static class DependencyEdgesTable
{
    public const string Name = "dependency_edges";

    public static readonly TableColumns Columns = new(
        ("date", "Date"), ("start_time", "DateTime"), ("start_unix_nanos", "Int64"), ("tenant", "String"), ("trace_id", "String"),
        ("parent", "String"), ("child", "String"), ("calls", "UInt64"), ("errors", "UInt64"), ("durations_nanos", "Array(Int64)"));

    /// <summary>The rows of one write, counted as the in-memory store counts a trace's calls.</summary>
    public static IEnumerable<object[]> Rows(StoredTrace trace)
    {
        if (trace.Spans.IsEmpty)
        {
            yield break;
        }

        var start = WriteStart.Of(trace);
        foreach (var (call, durations) in TraceTree.TimedServiceCalls(trace.Spans))
        {
            yield return
            [
                start.Date, start.Time, start.UnixNanos, trace.Key.Tenant, trace.Key.TraceId, call.Parent, call.Child,
                (ulong)call.CallCount, (ulong)call.ErrorCount, durations.ToArray(),
            ];
        }
    }
}

using TraceFlow.Grains.Storage;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// Writes kept traces to ClickHouse in two RowBinary inserts: their spans and their index
/// rows. Safe to repeat: the spans table keeps one row per span, and a repeated index row
/// repeats only a trace's extent, services and operations, which reads combine with min, max
/// and distinct values (span counts are taken from the spans table).
/// </summary>
public sealed class ClickHouseSpanWriter(ClickHouseDatabase database)
{
    public async Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var spans = traces.SelectMany(t => t.Spans.Select(s => SpanTable.Row(t.Key, s, t.Decision.Policy))).ToList();
        await database.InsertAsync(SpanTable.Name, SpanTable.ColumnNames, SpanTable.ColumnTypes, spans, cancellationToken);
        await database.InsertAsync(TraceIndexTable.Name, TraceIndexTable.ColumnNames, TraceIndexTable.ColumnTypes, [.. traces.SelectMany(TraceIndexTable.Rows)], cancellationToken);
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Reading;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// Writes kept traces to ClickHouse in four RowBinary inserts: their spans, their per-service
/// index rows, their trace rows and the calls between their services. A span is inserted once per write however often the batch
/// holds it, and a write repeated after a failure first leaves out the spans that did land (an
/// insert can land and still be reported failed, and the span statistics count every row), so
/// the writer stores no span twice; repeated index and trace rows repeat only
/// extents, names and counts that reads combine with min, max and distinct values.
/// </summary>
public sealed class ClickHouseSpanWriter(ClickHouseDatabase database)
{
    /// <summary>Most trace ids one check for landed spans asks about, keeping the query text small.</summary>
    private const int TracesPerLandedCheck = 500;

    /// <summary>Writes the traces for the first time.</summary>
    public Task WriteAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken) => WriteAsync(traces, mayHaveLanded: false, cancellationToken);

    /// <summary>Writes the traces again after an attempt that failed, leaving out the spans that landed.</summary>
    public Task WriteAgainAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken) => WriteAsync(traces, mayHaveLanded: true, cancellationToken);

    private async Task WriteAsync(IReadOnlyList<StoredTrace> traces, bool mayHaveLanded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        // Spans stored already, then each span of the batch once.
        var stored = mayHaveLanded ? await LandedSpansAsync(traces, cancellationToken) : [];
        var spans = traces
            .SelectMany(t => t.Spans
                .Where(s => stored.Add((t.Key.Tenant, t.Key.TraceId, s.SpanId, s.Shared)))
                .Select(s => SpanTable.Row(t.Key, s, t.Decision.Policy)))
            .ToList();
        await InsertAsync(SpanTable.Name, SpanTable.Columns, spans, cancellationToken);
        await InsertAsync(TraceIndexTable.Name, TraceIndexTable.Columns, [.. traces.SelectMany(TraceIndexTable.Rows)], cancellationToken);
        await InsertAsync(TracesTable.Name, TracesTable.Columns, [.. traces.SelectMany(TracesTable.Rows)], cancellationToken);

        // Last: a retry inserts the trace rows again, so a trace whose calls may have landed before is recounted from its spans.
        await InsertAsync(DependencyEdgesTable.Name, DependencyEdgesTable.Columns, [.. traces.SelectMany(DependencyEdgesTable.Rows)], cancellationToken);
    }

    private Task<long> InsertAsync(string table, TableColumns columns, IReadOnlyCollection<object[]> rows, CancellationToken cancellationToken) =>
        database.InsertAsync(table, columns.Names, columns.Types, rows, cancellationToken);

    /// <summary>The identities of the spans of <paramref name="traces"/> already stored.</summary>
    private async Task<HashSet<(string Tenant, string TraceId, string SpanId, bool Shared)>> LandedSpansAsync(IReadOnlyList<StoredTrace> traces, CancellationToken cancellationToken)
    {
        var landed = new HashSet<(string, string, string, bool)>();
        foreach (var tenant in traces.GroupBy(t => t.Key.Tenant, StringComparer.Ordinal))
        {
            foreach (var chunk in tenant.Select(t => t.Key.TraceId).Distinct(StringComparer.Ordinal).Chunk(TracesPerLandedCheck))
            {
                var parameters = new SqlParameters();
                var rows = await database.QueryAsync(
                    $"""
                    SELECT DISTINCT trace_id, span_id, shared
                    FROM {database.Table(SpanTable.Name)}
                    WHERE tenant = {parameters.Text(tenant.Key)} AND trace_id IN ({string.Join(", ", chunk.Select(parameters.Text))})
                    """,
                    parameters.Values,
                    cancellationToken);
                landed.UnionWith(rows.Select(r => (tenant.Key, SpanTable.Text(r, "trace_id"), SpanTable.Text(r, "span_id"), SpanTable.Int(r, "shared") != 0)));
            }
        }

        return landed;
    }
}

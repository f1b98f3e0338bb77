using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>Reads whole traces back from ClickHouse, one row per span however often a batch was written.</summary>
public sealed class ClickHouseTraceQueries(ClickHouseDatabase database)
{
    /// <summary>The trace with every span once, or null when none of its spans is stored.</summary>
    public async Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken)
    {
        var traces = await GetTracesAsync(key.Tenant, [key.TraceId], cancellationToken);
        return traces.Count == 0 ? null : traces[0];
    }

    /// <summary>The stored ones among <paramref name="traceIds"/>, each with every span once.</summary>
    public async Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        if (traceIds.Count == 0)
        {
            return [];
        }

        var parameters = new SqlParameters();
        var tenantPlaceholder = parameters.Text(tenant);
        var placeholders = traceIds.Distinct(StringComparer.Ordinal).Select(parameters.Text).ToList();

        // LIMIT 1 BY the span's identity: rows of a retried batch that parts have not merged yet count once.
        var rows = await database.QueryAsync(
            $$"""
            SELECT {{SpanTable.SelectList}}
            FROM {{database.Table(SpanTable.Name)}}
            WHERE tenant = {{tenantPlaceholder}} AND trace_id IN ({{string.Join(", ", placeholders)}})
            ORDER BY trace_id, start_unix_nanos, span_id
            LIMIT 1 BY trace_id, span_id, shared
            """,
            parameters.Values,
            cancellationToken);
        return
        [
            .. rows.GroupBy(r => SpanTable.Text(r, "trace_id"), StringComparer.Ordinal).Select(trace =>
                new StoredTrace(
                    new TraceKey(tenant, trace.Key),
                    [.. trace.Select(SpanTable.Read)],
                    new SamplingDecision(true, SpanTable.Text(trace.First(), "sampling_policy")))),
        ];
    }
}

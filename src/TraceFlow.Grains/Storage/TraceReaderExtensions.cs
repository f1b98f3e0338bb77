namespace TraceFlow.Grains.Storage;

public static class TraceReaderExtensions
{
    /// <summary>Whole matching traces, newest first: what Zipkin's and Jaeger's searches return.</summary>
    public static async Task<IReadOnlyList<StoredTrace>> SearchTracesAsync(this ITraceReader reader, TraceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        var summaries = await reader.FindTracesAsync(query, cancellationToken).ConfigureAwait(false);
        var traces = await reader.GetTracesAsync(query.Tenant, [.. summaries.Select(s => s.TraceId)], cancellationToken).ConfigureAwait(false);
        var byId = traces.ToDictionary(t => t.Key.TraceId, StringComparer.Ordinal);
        return [.. summaries.Select(s => byId.GetValueOrDefault(s.TraceId)).OfType<StoredTrace>()];
    }
}

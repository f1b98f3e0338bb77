using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>A requested trace id and the stored ids it may stand for (see <see cref="JaegerTraceIds.Parse"/>).</summary>
internal sealed record TraceIdLookup(string Requested, IReadOnlyList<string> Candidates)
{
    /// <summary>Each lookup with its stored trace, or null when none of its candidates is stored; one batch read for all.</summary>
    public static async Task<IReadOnlyList<(TraceIdLookup Lookup, StoredTrace? Trace)>> FindAsync(
        ITraceReader reader, string tenant, IReadOnlyList<TraceIdLookup> lookups, CancellationToken cancellationToken)
    {
        var ids = lookups.SelectMany(l => l.Candidates).Distinct(StringComparer.Ordinal).ToList();
        var found = await reader.GetTracesAsync(tenant, ids, cancellationToken);
        var byId = found.ToDictionary(t => t.Key.TraceId, StringComparer.Ordinal);
        return [.. lookups.Select(l => (l, l.Candidates.Select(byId.GetValueOrDefault).FirstOrDefault(t => t is not null)))];
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Summaries of the given traces from their spans, each span once, of those whose spans meet
/// the span conditions of a <see cref="TraceQuery"/> (attributes, remote service, Zipkin terms,
/// with the service and operation on the same span): the root being the earliest span whose
/// parent is not in the trace (else the earliest span), as <see cref="TraceTree.FindRoot"/> has
/// it; equal starts go to the lower span id. Every value is a parameter.
/// </summary>
internal static class TraceSummarySql
{
    private const string PeerService = "'" + TraceQuery.PeerServiceAttribute + "'";

    /// <summary>True when <paramref name="query"/> has conditions only the spans can judge.</summary>
    public static bool HasSpanConditions(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return !query.Tags.IsEmpty || !query.Terms.IsEmpty || query.RemoteService is not null;
    }

    public static string Build(ClickHouseDatabase database, TraceQuery query, IEnumerable<string> traceIds, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(query);
        var tenant = parameters.Text(query.Tenant);
        var ids = string.Join(", ", traceIds.Select(parameters.Text));
        var conditions = SpanConditions(query, parameters).ToList();
        var having = conditions.Count == 0 ? "" : $"HAVING {string.Join(" AND ", conditions)}";
        return $"""
            SELECT trace_id, trace_start, trace_end, span_count, services, has_error, policy, root.3 AS root_service, root.4 AS root_operation
            FROM (
                SELECT
                    trace_id,
                    min(start_unix_nanos) AS trace_start,
                    max(start_unix_nanos + duration_nanos) AS trace_end,
                    uniqExact(span_id, shared) AS span_count,
                    groupUniqArray(service) AS services,
                    max(status = 2) AS has_error,
                    any(sampling_policy) AS policy,
                    groupArray(span_id) AS ids,
                    groupArray((start_unix_nanos, span_id, service, operation, parent_span_id)) AS heads,
                    arrayFilter(h -> h.5 = '' OR h.5 = h.2 OR NOT has(ids, h.5), heads) AS roots,
                    arrayReduce('min', if(empty(roots), heads, roots)) AS root
                FROM {database.Table(SpanTable.Name)}
                WHERE tenant = {tenant} AND trace_id IN ({ids})
                GROUP BY trace_id
                {having})
            """;
    }

    /// <summary>The conditions on spans: all met by one span, or (Zipkin) each by some span of the service.</summary>
    private static IEnumerable<string> SpanConditions(TraceQuery query, SqlParameters parameters)
    {
        if (!HasSpanConditions(query))
        {
            yield break;
        }

        var service = query.Service is { } s ? $"service = {parameters.Text(s)}" : null;
        var each = new List<string>();
        if (query.Operation is { } operation)
        {
            each.Add($"operation = {parameters.Text(operation)}");
        }

        if (query.RemoteService is { } remote)
        {
            each.Add($"(indexOf(attribute_keys, {PeerService}) > 0 AND attribute_values[indexOf(attribute_keys, {PeerService})] = {parameters.Text(remote)})");
        }

        foreach (var tag in query.Tags)
        {
            var key = parameters.Text(tag.Key);
            var value = parameters.Text(tag.Value);
            each.Add(
                $"(arrayExists((k, v) -> k = {key} AND v = {value}, attribute_keys, attribute_values)"
                + $" OR arrayExists((k, v) -> k = {key} AND v = {value}, resource_keys, resource_values)"
                + $" OR position(events, {parameters.Text(EventText.Attribute(tag.Key, tag.Value))}) > 0)");
        }

        foreach (var term in query.Terms)
        {
            each.Add($"(has(attribute_keys, {parameters.Text(term)}) OR position(events, {parameters.Text(EventText.Name(term))}) > 0)");
        }

        if (!query.ConditionsAcrossSpans)
        {
            yield return $"countIf({string.Join(" AND ", service is null ? each : [service, .. each])}) > 0";
            yield break;
        }

        foreach (var condition in each)
        {
            yield return service is null ? $"countIf({condition}) > 0" : $"countIf({service} AND {condition}) > 0";
        }
    }
}

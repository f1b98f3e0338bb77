using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// A <see cref="TraceQuery"/> as one ClickHouse query, built from the inside out:
/// <list type="number">
/// <item>candidates: trace ids from <c>trace_index</c> rows in the window (of the service and
/// with the operation, when asked; the index is ordered by tenant, service and time), the newest
/// <see cref="MaxCandidates"/>;</item>
/// <item>matches: the candidates whose spans, all of them, meet every condition of
/// <see cref="TraceQuery.Matches"/>, newest first, a limit's worth;</item>
/// <item>summaries of the matches, the root being the earliest span whose parent is not in
/// the trace (else the earliest span), as <see cref="TraceTree.FindRoot"/> has it; equal starts
/// go to the lower span id.</item>
/// </list>
/// Every value of the query is a parameter; the SQL text is fixed but for which conditions appear.
/// </summary>
internal static class TraceSearchSql
{
    /// <summary>Most candidate traces one search judges: as many as the in-memory store holds by default.</summary>
    public const int MaxCandidates = StorageOptions.DefaultMaxTraces;

    private const string PeerService = "'" + TraceQuery.PeerServiceAttribute + "'";

    public static string Build(ClickHouseDatabase database, TraceQuery query, QueryWindow window, int limit, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(query);
        var tenant = parameters.Text(query.Tenant);
        var service = query.Service is { } s ? $"service = {parameters.Text(s)}" : null;
        var operation = query.Operation is { } o ? parameters.Text(o) : null;

        // Step 1: rows whose own conditions any matching trace has in some row of the window. A trace's
        // first span is in the row of its first write, but a service's spans may have come in a later
        // write, whose row starts later: so rows asked for by service or operation may start up to the margin late.
        var candidateRows = new List<string> { $"tenant = {tenant}" };
        candidateRows.Add((service is null && operation is null ? window : window.Widened(TimeSpan.Zero, QueryWindow.LateWriteMargin)).RowsStarting(parameters));
        if (service is not null)
        {
            candidateRows.Add(service);
        }

        if (operation is not null)
        {
            candidateRows.Add($"has(operations, {operation})");
        }

        // Step 2: the trace's own start, duration, status and services, then the span conditions.
        var conditions = new List<string> { $"min(start_unix_nanos) >= {parameters.Number(window.FromUnixNanos)}" };
        if (window.ToUnixNanos is { } to)
        {
            conditions.Add($"min(start_unix_nanos) <= {parameters.Number(to)}");
        }

        const string duration = "max(start_unix_nanos + duration_nanos) - min(start_unix_nanos)";
        if (query.MinDurationNanos is { } min)
        {
            conditions.Add($"{duration} >= {parameters.Number(min)}");
        }

        if (query.MaxDurationNanos is { } max)
        {
            conditions.Add($"{duration} <= {parameters.Number(max)}");
        }

        if (query.Status == SpanStatusCode.Error)
        {
            conditions.Add("max(status = 2) = 1");
        }
        else if (query.Status == SpanStatusCode.Ok)
        {
            conditions.Add("max(status = 2) = 0");
        }

        if (service is not null)
        {
            conditions.Add($"countIf({service}) > 0");
        }

        conditions.AddRange(SpanConditions(query, service, operation is null ? null : $"operation = {operation}", parameters));

        var spans = database.Table(SpanTable.Name);
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
                FROM {spans}
                WHERE tenant = {tenant} AND trace_id IN (
                    SELECT trace_id
                    FROM {spans}
                    WHERE tenant = {tenant} AND trace_id IN (
                        SELECT trace_id
                        FROM {database.Table(TraceIndexTable.Name)}
                        WHERE {string.Join(" AND ", candidateRows)}
                        GROUP BY trace_id
                        ORDER BY min(start_unix_nanos) DESC, trace_id
                        {RowLimit.Clause(MaxCandidates)})
                    GROUP BY trace_id
                    HAVING {string.Join(" AND ", conditions)}
                    ORDER BY min(start_unix_nanos) DESC, trace_id
                    {RowLimit.Clause(limit)})
                GROUP BY trace_id)
            """;
    }

    /// <summary>The conditions on spans: all met by one span, or (Zipkin) each by some span of the service.</summary>
    private static IEnumerable<string> SpanConditions(TraceQuery query, string? service, string? operation, SqlParameters parameters)
    {
        if (!query.NeedsSpans)
        {
            yield break;
        }

        var each = new List<string>();
        if (operation is not null)
        {
            each.Add(operation);
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
            var all = service is null ? each : [service, .. each];
            if (all.Count > 0)
            {
                yield return $"countIf({string.Join(" AND ", all)}) > 0";
            }

            yield break;
        }

        foreach (var condition in each)
        {
            yield return service is null ? $"countIf({condition}) > 0" : $"countIf({service} AND {condition}) > 0";
        }
    }
}

using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// The traces starting in a window that meet a <see cref="TraceQuery"/>'s trace-level conditions
/// (start, duration, errors) and, from <c>trace_index</c>, its service and operation, newest
/// first: <c>trace_id</c> and <c>trace_start</c>, past an optional cursor. Judged on the
/// <c>traces</c> rows of each trace, read from a margin before the window (an earlier start
/// puts a trace in an older window) to a margin after (late writes). Every value is a parameter.
/// </summary>
internal static class TraceCandidatesSql
{
    public static string Build(ClickHouseDatabase database, TraceQuery query, QueryWindow window, TraceCursor? after, int limit, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(query);
        var tenant = parameters.Text(query.Tenant);
        var rows = new List<string>
        {
            $"tenant = {tenant}",
            window.Widened(QueryWindow.LateWriteMargin, QueryWindow.LateWriteMargin).RowsStarting(parameters),
        };

        // A trace's service and operation are in the index rows of the writes with the service's spans,
        // which start no earlier than the trace and at most the margin after the window.
        if (query.Service is not null || query.Operation is not null)
        {
            var indexRows = new List<string> { $"tenant = {tenant}", window.Widened(TimeSpan.Zero, QueryWindow.LateWriteMargin).RowsStarting(parameters) };
            if (query.Service is { } service)
            {
                indexRows.Add($"service = {parameters.Text(service)}");
            }

            if (query.Operation is { } operation)
            {
                indexRows.Add($"has(operations, {parameters.Text(operation)})");
            }

            rows.Add($"trace_id IN (SELECT trace_id FROM {database.Table(TraceIndexTable.Name)} WHERE {string.Join(" AND ", indexRows)})");
        }

        var conditions = new List<string> { $"trace_start >= {parameters.Number(window.FromUnixNanos)}" };
        if (window.ToUnixNanos is { } to)
        {
            conditions.Add($"trace_start <= {parameters.Number(to)}");
        }

        const string duration = "max(end_unix_nanos) - trace_start";
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
            conditions.Add("max(error_count) > 0");
        }
        else if (query.Status == SpanStatusCode.Ok)
        {
            conditions.Add("max(error_count) = 0");
        }

        if (after is { } cursor)
        {
            var start = parameters.Number(cursor.StartUnixNanos);
            conditions.Add($"(trace_start < {start} OR (trace_start = {start} AND trace_id > {parameters.Text(cursor.TraceId)}))");
        }

        return $"""
            SELECT trace_id, min(start_unix_nanos) AS trace_start
            FROM {database.Table(TracesTable.Name)}
            WHERE {string.Join(" AND ", rows)}
            GROUP BY trace_id
            HAVING {string.Join(" AND ", conditions)}
            ORDER BY trace_start DESC, trace_id
            {RowLimit.Clause(limit)}
            """;
    }
}

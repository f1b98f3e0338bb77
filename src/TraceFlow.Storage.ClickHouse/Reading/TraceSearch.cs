using System.Text.Json;
using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Finds the newest traces that match a query by walking back from the window's end in
/// growing steps (a minute, then four times longer each step), so the usual search, for the
/// latest few traces, reads minutes of index rather than the whole window. Each step takes
/// the step's candidates from the small tables (<see cref="TraceCandidatesSql"/>, at most
/// <see cref="CandidatesPerRound"/> at a time), then reads the spans of only the traces it
/// returns (<see cref="TraceSummarySql"/>): a limit's worth or, when only the spans can judge the
/// query, as many as should give the matches still needed at the rate seen so far. The steps
/// cover disjoint ranges of trace starts, newest first, so the results are in order.
/// </summary>
internal sealed class TraceSearch(ClickHouseDatabase database, TimeProvider time)
{
    /// <summary>The first step's length.</summary>
    public static readonly TimeSpan FirstStep = TimeSpan.FromMinutes(1);

    /// <summary>How many candidates one round judges by their spans (a step with more takes several rounds).</summary>
    public const int CandidatesPerRound = TraceQuery.MaxLimit;

    private const int StepGrowth = 4;

    public async Task<IReadOnlyList<TraceSummary>> FindAsync(TraceQuery query, QueryWindow window, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var bySpans = TraceSummarySql.HasSpanConditions(query);
        var found = new List<TraceSummary>();
        var upper = window.ToUnixNanos;
        var end = upper ?? time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        var step = FirstStep;
        var judging = new MatchRate();
        TraceCursor? cursor = null;
        while (true)
        {
            var lower = Math.Max(window.FromUnixNanos, new QueryWindow(end, null).Widened(step, TimeSpan.Zero).FromUnixNanos);
            var candidates = await CandidatesAsync(query, new QueryWindow(lower, upper), cursor, cancellationToken);
            for (var next = 0; next < candidates.Count && found.Count < limit;)
            {
                // Candidates in order, as many at a time as should match what is still needed at the rate seen so far.
                var need = limit - found.Count;
                var count = Math.Min(candidates.Count - next, bySpans ? need * judging.CandidatesPerMatch : need);
                var summaries = await SummariesAsync(query, candidates.Skip(next).Take(count).Select(c => c.TraceId), cancellationToken);
                var matches = summaries.OrderByDescending(s => s.StartUnixNanos).ThenBy(s => s.TraceId, StringComparer.Ordinal).ToList();
                judging.Record(count, matches.Count);
                found.AddRange(matches.Take(need));
                next += count;
            }

            if (found.Count >= limit)
            {
                return found;
            }

            if (candidates.Count >= CandidatesPerRound)
            {
                cursor = candidates[^1];
                continue;
            }

            if (lower <= window.FromUnixNanos)
            {
                return found;
            }

            upper = end = lower - 1;
            cursor = null;
            step *= StepGrowth;
        }
    }

    private async Task<IReadOnlyList<TraceCursor>> CandidatesAsync(TraceQuery query, QueryWindow window, TraceCursor? after, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = TraceCandidatesSql.Build(database, query, window, after, CandidatesPerRound, parameters);
        var rows = await database.QueryAsync(sql, parameters.Values, cancellationToken);
        return [.. rows.Select(r => new TraceCursor(SpanTable.Int(r, "trace_start"), SpanTable.Text(r, "trace_id"))).Take(CandidatesPerRound)];
    }

    private async Task<IEnumerable<TraceSummary>> SummariesAsync(TraceQuery query, IEnumerable<string> traceIds, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = TraceSummarySql.Build(database, query, traceIds, parameters);
        var rows = await database.QueryAsync(sql, parameters.Values, cancellationToken);
        return rows.Select(Summary);
    }

    private static TraceSummary Summary(JsonElement row) => new()
    {
        TraceId = SpanTable.Text(row, "trace_id"),
        RootService = SpanTable.Text(row, "root_service"),
        RootOperation = SpanTable.Text(row, "root_operation"),
        StartUnixNanos = SpanTable.Int(row, "trace_start"),
        DurationNanos = SpanTable.Int(row, "trace_end") - SpanTable.Int(row, "trace_start"),
        SpanCount = (int)SpanTable.Int(row, "span_count"),
        Services = [.. row.GetProperty("services").EnumerateArray().Select(s => s.GetString() ?? "").Order(StringComparer.Ordinal)],
        HasError = SpanTable.Int(row, "has_error") != 0,
        SamplingPolicy = SpanTable.Text(row, "policy"),
    };
}

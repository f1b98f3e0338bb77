using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>The seed's query API: trace search, one trace, and statistics.</summary>
public static class QueryEndpoints
{
    public static RouteGroupBuilder MapQueryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Query");
        api.MapGet("/traces", FindTraces).WithName("FindTraces").WithSummary("Recent kept traces, newest first, with filters.");
        api.MapGet("/traces/{traceId}", GetTrace).WithName("GetTrace").WithSummary("One trace with its spans and service dependency path.");
        api.MapGet("/stats", GetStats).WithName("GetStats").WithSummary("Counts and latency percentiles of everything received, or in ClickHouse query mode of the kept spans in a time range.");
        api.MapGet("/stats/timeline", GetTimeline).WithName("GetStatsTimeline").WithSummary("Traces, spans, errors and trace-duration percentiles per time step.");
        return api;
    }

    public static async Task<Results<Ok<TraceListResponse>, ProblemHttpResult>> FindTraces(
        HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var query = TraceQueryParser.Parse(context.Request.Query, out var error);
        if (query is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: error);
        }

        var traces = await reader.FindTracesAsync(query with { Tenant = context.Tenant() }, context.RequestAborted);
        return TypedResults.Ok(new TraceListResponse([.. traces.Select(TraceSummaryResponse.From)]));
    }

    public static async Task<Results<Ok<TraceResponse>, ProblemHttpResult>> GetTrace(
        string traceId, HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var id = SpanIds.Normalize(traceId, out var error);
        if (id is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"trace_id {error}");
        }

        var trace = await reader.GetTraceAsync(new TraceKey(context.Tenant(), id), context.RequestAborted);
        return trace is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Trace not found",
                detail: $"No kept trace has id '{id}'. Traces appear once they have been decided (after the decision wait) and kept by sampling.",
                extensions: new Dictionary<string, object?> { ["requested_trace_id"] = id })
            : TypedResults.Ok(TraceResponse.From(trace));
    }

    /// <summary>
    /// <c>from_unix_ms</c>/<c>to_unix_ms</c> bound the start times counted where the stats reader
    /// keeps history (ClickHouse query mode); the in-memory totals have none and ignore them.
    /// </summary>
    public static async Task<Results<Ok<StatsResponse>, ProblemHttpResult>> GetStats(HttpContext context, IStatsReader stats)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stats);
        string? error = null;
        var from = TraceQueryParser.Millis(context.Request.Query, "from_unix_ms", ref error);
        var to = TraceQueryParser.Millis(context.Request.Query, "to_unix_ms", ref error);
        if (error is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: error);
        }

        var snapshot = await stats.GetStatsAsync(context.Tenant(), from, to, context.RequestAborted);
        return TypedResults.Ok(StatsResponse.From(snapshot));
    }

    /// <summary>
    /// <c>from_unix_ms</c>, <c>to_unix_ms</c> and <c>step_s</c> choose the steps (see
    /// <see cref="TimelineQueryParser"/>); in-memory mode counts by arrival time over the last hour.
    /// </summary>
    public static async Task<Results<Ok<TimelineResponse>, ProblemHttpResult>> GetTimeline(HttpContext context, IStatsReader stats, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(time);
        var range = TimelineQueryParser.Parse(context.Request.Query, UnixTime.Nanos(time.GetUtcNow()), stats.MinTimelineStepSeconds, out var error);
        if (range is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: error);
        }

        var points = await stats.GetTimelineAsync(context.Tenant(), range, context.RequestAborted);
        return TypedResults.Ok(TimelineResponse.From(range, points));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>TraceFlow's service graph: calls between services with their errors and latency, for the web UI.</summary>
public static class DependencyEndpoints
{
    /// <summary>The window read when the request names no start: an hour back from its end.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    private const long NanosPerMilli = 1_000_000;

    public static RouteGroupBuilder MapDependencyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Query");
        api.MapGet("/dependencies", GetDependencies)
            .WithName("GetDependencies")
            .WithSummary("Calls between services of the kept traces starting in a time range (default the last hour): counts, errors and latency percentiles.");
        return api;
    }

    /// <summary>
    /// <c>from_unix_ms</c>/<c>to_unix_ms</c> bound the traces' start times, parsed as <c>GET /api/traces</c>
    /// parses them; <c>to_unix_ms</c> defaults to now and <c>from_unix_ms</c> to an hour before it.
    /// </summary>
    public static async Task<Results<Ok<DependencyGraphResponse>, ProblemHttpResult>> GetDependencies(HttpContext context, ITraceReader reader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        string? error = null;
        var from = TraceQueryParser.Millis(context.Request.Query, "from_unix_ms", ref error);
        var to = TraceQueryParser.Millis(context.Request.Query, "to_unix_ms", ref error);
        if (error is null && from > to)
        {
            error = "from_unix_ms must not exceed to_unix_ms";
        }

        if (error is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: error);
        }

        var end = to ?? time.GetUtcNow().ToUnixTimeMilliseconds() * NanosPerMilli;
        var start = from ?? Math.Max(0, end - (DefaultWindow.Ticks * TimeSpan.NanosecondsPerTick));
        var edges = await reader.GetDependencyEdgesAsync(context.Tenant(), start, end, context.RequestAborted);
        return TypedResults.Ok(DependencyGraphResponse.From(start, end, edges));
    }
}

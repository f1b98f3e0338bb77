using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Zipkin;

/// <summary>
/// Zipkin's v2 query API under <c>/api/v2</c>, what Zipkin's UI and Grafana's Zipkin data
/// source call: names for the pickers, trace search, traces by id, dependency links and
/// tag autocompletion. Errors are plain text naming the parameter, as Zipkin answers.
/// </summary>
public static class ZipkinQueryEndpoints
{
    /// <summary>Most ids one <c>/traceMany</c> request may list.</summary>
    public const int MaxTraceIds = TraceQuery.MaxLimit;

    public static RouteGroupBuilder MapZipkinQueryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v2").WithTags("Zipkin");
        api.MapGet("/services", GetServices).WithName("ZipkinServices").WithSummary("Service names, sorted.");
        api.MapGet("/spans", GetSpanNames).WithName("ZipkinSpanNames").WithSummary("Span names of a service.");
        api.MapGet("/remoteServices", GetRemoteServices).WithName("ZipkinRemoteServices").WithSummary("Services a service calls.");
        api.MapGet("/traces", FindTraces).WithName("ZipkinTraces").WithSummary("Traces matching the filters, newest first.");
        api.MapGet("/trace/{traceId}", GetTrace).WithName("ZipkinTrace").WithSummary("One trace's spans.");
        api.MapGet("/traceMany", GetTraces).WithName("ZipkinTraceMany").WithSummary("The stored ones of two or more traces.");
        api.MapGet("/dependencies", GetDependencies).WithName("ZipkinDependencies").WithSummary("Calls between services in a time window.");
        api.MapGet("/autocompleteKeys", GetAutocompleteKeys).WithName("ZipkinAutocompleteKeys").WithSummary("Tag keys offered for autocompletion.");
        api.MapGet("/autocompleteValues", GetAutocompleteValues).WithName("ZipkinAutocompleteValues").WithSummary("Known values of an autocomplete key.");
        api.WithAuthFailureResponse(static (_, status, message) => ZipkinResponses.Error(status, message));
        return api;
    }

    public static async Task<FileContentHttpResult> GetServices(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        return ZipkinResponses.Names(context, catalog.Services);
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetSpanNames(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        if (RequiredText(context.Request.Query, "serviceName", out var service) is { } problem)
        {
            return problem;
        }

        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        return ZipkinResponses.Names(context, catalog.Operations.Where(o => o.Service == service).Select(o => o.Name));
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetRemoteServices(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        if (RequiredText(context.Request.Query, "serviceName", out var service) is { } problem)
        {
            return problem;
        }

        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        return ZipkinResponses.Names(context, catalog.RemoteServices.Where(r => r.Service == service).Select(r => r.RemoteService));
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> FindTraces(HttpContext context, ITraceReader reader, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(clock);
        var query = ZipkinTraceQueryParser.Parse(context.Request.Query, clock.GetUtcNow(), out var error);
        if (query is null)
        {
            return ZipkinResponses.BadRequest(error!);
        }

        var traces = await reader.SearchTracesAsync(query with { Tenant = context.Tenant() }, context.RequestAborted);
        return ZipkinResponses.Traces(traces.Select(t => (IEnumerable<Span>)t.Spans));
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetTrace(string traceId, HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var id = ParseTraceId(traceId, "traceId", out var error);
        if (id is null)
        {
            return ZipkinResponses.BadRequest(error!);
        }

        var found = await reader.GetTracesAsync(context.Tenant(), id.StoredIds, context.RequestAborted);
        return found.Count == 0
            ? ZipkinResponses.NotFound($"{id.Text} not found")
            : ZipkinResponses.Trace(found.SelectMany(t => t.Spans));
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetTraces(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var raw = context.Request.Query["traceIds"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ZipkinResponses.BadRequest("traceIds is required: two or more comma-separated trace ids");
        }

        var ids = new List<RequestedTraceId>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in raw.Split(','))
        {
            var id = ParseTraceId(part, "traceIds", out var error);
            if (id is null)
            {
                return ZipkinResponses.BadRequest(error!);
            }

            if (!seen.Add(id.StoredIds[0]))
            {
                return ZipkinResponses.BadRequest($"traceIds lists {id.Text} more than once");
            }

            ids.Add(id);
        }

        if (ids.Count < 2)
        {
            return ZipkinResponses.BadRequest("traceIds must list at least two trace ids; use /api/v2/trace/{traceId} for one");
        }

        if (ids.Count > MaxTraceIds)
        {
            return ZipkinResponses.BadRequest(string.Create(CultureInfo.InvariantCulture, $"traceIds may list at most {MaxTraceIds} trace ids"));
        }

        var found = await reader.GetTracesAsync(context.Tenant(), [.. ids.SelectMany(i => i.StoredIds)], context.RequestAborted);
        var byId = found.ToDictionary(t => t.Key.TraceId, StringComparer.Ordinal);
        return ZipkinResponses.Traces(ids
            .Select(i => i.StoredIds.Select(s => byId.GetValueOrDefault(s)).OfType<StoredTrace>().SelectMany(t => t.Spans).ToList())
            .Where(spans => spans.Count > 0));
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetDependencies(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        const long nanosPerMilli = 1_000_000;
        string? error = null;
        var query = context.Request.Query;
        var endTs = ZipkinTraceQueryParser.Positive(query, "endTs", long.MaxValue / nanosPerMilli, "milliseconds", ref error);
        var lookback = ZipkinTraceQueryParser.Positive(query, "lookback", long.MaxValue, "milliseconds", ref error) ?? ZipkinTraceQueryParser.DefaultLookbackMillis;
        if (error is null && endTs is null)
        {
            error = "endTs is required: the end of the window in epoch milliseconds";
        }

        if (error is not null)
        {
            return ZipkinResponses.BadRequest(error);
        }

        var calls = await reader.GetDependenciesAsync(
            context.Tenant(),
            Math.Max(0, endTs!.Value - lookback) * nanosPerMilli,
            endTs.Value * nanosPerMilli,
            context.RequestAborted);
        return ZipkinResponses.Dependencies(calls);
    }

    public static FileContentHttpResult GetAutocompleteKeys(HttpContext context, IOptions<QueryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ZipkinResponses.Names(context, options.Value.EffectiveAutocompleteKeys);
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult>> GetAutocompleteValues(HttpContext context, ITraceReader reader, IOptions<QueryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        if (RequiredText(context.Request.Query, "key", out var key) is { } problem)
        {
            return problem;
        }

        // Only configured keys are served, as in Zipkin: values of arbitrary tags may be high-cardinality or sensitive.
        var settings = options.Value;
        if (!settings.EffectiveAutocompleteKeys.Contains(key, StringComparer.Ordinal))
        {
            return ZipkinResponses.Names(context, []);
        }

        var values = await reader.GetAttributeValuesAsync(context.Tenant(), key, settings.MaxAutocompleteValues, context.RequestAborted);
        return ZipkinResponses.Names(context, values);
    }

    private static ContentHttpResult? RequiredText(IQueryCollection query, string name, out string value)
    {
        string? error = null;
        value = ZipkinTraceQueryParser.Text(query, name, ref error) ?? "";
        if (error is null && value.Length == 0)
        {
            error = $"{name} is required";
        }

        return error is null ? null : ZipkinResponses.BadRequest(error);
    }

    /// <summary>
    /// A requested trace id and the ids it may be stored under. Zipkin ingest stores 64-bit ids
    /// padded to 32 hex characters; the TraceFlow JSON API keeps a 16-hex id as sent; both are tried.
    /// </summary>
    private static RequestedTraceId? ParseTraceId(string raw, string parameter, out string? error)
    {
        var text = raw.Trim();
        var id = SpanIds.Normalize(text, out var problem);
        if (id is null)
        {
            error = $"{parameter} {(text.Length == 0 ? "must not be empty" : problem)}";
            return null;
        }

        error = null;
        var padded = ZipkinIds.NormalizeTraceId(id, out _);
        return new RequestedTraceId(id, padded is not null && padded != id ? [padded, id] : [id]);
    }

    private sealed record RequestedTraceId(string Text, IReadOnlyList<string> StoredIds);
}

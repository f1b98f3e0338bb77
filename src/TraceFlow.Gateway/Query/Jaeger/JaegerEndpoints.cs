using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// Jaeger's v1 query API (<c>http_handler.go</c>) under <c>/jaeger/api</c>, the calls Grafana's
/// Jaeger data source and the Jaeger UI make: services, operations, search, trace by id and
/// the dependency graph, each answered in Jaeger's <c>{"data","total","limit","offset","errors"}</c> envelope.
/// </summary>
public static class JaegerEndpoints
{
    public const string Prefix = "/jaeger";

    public static RouteGroupBuilder MapJaegerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix + "/api").WithTags("Jaeger");
        api.MapGet("/services", GetServices).WithName("JaegerGetServices").WithSummary("Services of kept traces.");
        api.MapGet("/services/{service}/operations", GetServiceOperations)
            .WithName("JaegerGetServiceOperations").WithSummary("Operation names of a service (legacy, all span kinds).");
        api.MapGet("/operations", GetOperations).WithName("JaegerGetOperations").WithSummary("Operations of a service with their span kinds.");
        api.MapGet("/traces", FindTraces).WithName("JaegerFindTraces").WithSummary("Search traces, or fetch several by traceID.");
        api.MapGet("/traces/{traceId}", GetTrace).WithName("JaegerGetTrace").WithSummary("One trace in the Jaeger UI model.");
        api.MapGet("/dependencies", GetDependencies).WithName("JaegerGetDependencies").WithSummary("Calls between services in a time window.");
        api.WithAuthFailureResponse(static (_, status, message) => new JaegerErrorResult(status, message));
        return api;
    }

    public static async Task<JaegerEnvelopeResult> GetServices(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        var services = catalog.Services;
        return new JaegerEnvelopeResult(w => WriteStrings(w, services), services.Length);
    }

    public static async Task<JaegerEnvelopeResult> GetServiceOperations(string service, HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var name = JaegerQueryParser.PathSegment(service);
        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        var operations = catalog.Operations.Where(o => o.Service == name).Select(o => o.Name).Distinct(StringComparer.Ordinal).ToList();
        return new JaegerEnvelopeResult(w => WriteStrings(w, operations), operations.Count);
    }

    public static async Task<Results<JaegerEnvelopeResult, JaegerErrorResult>> GetOperations(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var query = context.Request.Query;
        if (JaegerQueryParser.First(query, "service") is not { } service)
        {
            return JaegerErrorResult.BadRequest("parameter 'service' is required");
        }

        SpanKind? kind = null;
        if (JaegerQueryParser.First(query, "spanKind") is { } kindText)
        {
            if (!JaegerSpanKinds.TryParse(kindText, out var parsed))
            {
                return JaegerErrorResult.BadRequest(JaegerQueryParser.ParamError("spanKind", $"unsupported span kind '{kindText}'; use one of {JaegerSpanKinds.Allowed}"));
            }

            kind = parsed;
        }

        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        var operations = catalog.Operations.Where(o => o.Service == service && (kind is null || o.Kind == kind)).ToList();
        return new JaegerEnvelopeResult(
            w =>
            {
                w.WriteStartArray();
                foreach (var operation in operations)
                {
                    w.WriteStartObject();
                    w.WriteString("name", operation.Name);
                    // Jaeger leaves the kind of a span that had none empty.
                    w.WriteString("spanKind", JaegerSpanKinds.Name(operation.Kind) ?? "");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            },
            operations.Count);
    }

    public static async Task<Results<JaegerEnvelopeResult, JaegerErrorResult>> FindTraces(HttpContext context, ITraceReader reader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        var search = JaegerQueryParser.ParseSearch(context.Request.Query, time.GetUtcNow(), out var error);
        if (search is null)
        {
            return JaegerErrorResult.BadRequest(error!);
        }

        if (search.TraceIds.Count > 0)
        {
            // Trace compare: exactly the traces asked for, the missing ones named in errors.
            var lookups = await TraceIdLookup.FindAsync(reader, context.Tenant(), search.TraceIds, context.RequestAborted);
            var found = lookups.Where(l => l.Trace is not null).Select(l => l.Trace!).ToList();
            var missing = lookups
                .Where(l => l.Trace is null)
                .Select(l => new JaegerError(StatusCodes.Status404NotFound, JaegerError.TraceNotFoundMessage, JaegerTraceIds.ToJaeger(l.Lookup.Requested)))
                .ToList();
            return new JaegerEnvelopeResult(w => WriteTraces(w, found), errors: missing);
        }

        var traces = await reader.SearchTracesAsync(search.Query with { Tenant = context.Tenant() }, context.RequestAborted);
        return new JaegerEnvelopeResult(w => WriteTraces(w, traces));
    }

    public static async Task<Results<JaegerEnvelopeResult, JaegerErrorResult>> GetTrace(string traceId, HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var requested = JaegerQueryParser.PathSegment(traceId);
        if (JaegerTraceIds.Parse(requested, out var idError) is not { } lookup)
        {
            return JaegerErrorResult.BadRequest(JaegerQueryParser.ParamError("traceID", $"trace id '{requested}' {idError}"));
        }

        if (!JaegerQueryParser.ValidateTraceHints(context.Request.Query, out var error))
        {
            return JaegerErrorResult.BadRequest(error!);
        }

        var found = await TraceIdLookup.FindAsync(reader, context.Tenant(), [lookup], context.RequestAborted);
        return found[0].Trace is { } trace
            ? new JaegerEnvelopeResult(w => WriteTraces(w, [trace]))
            : JaegerErrorResult.TraceNotFound();
    }

    public static async Task<Results<JaegerEnvelopeResult, JaegerErrorResult>> GetDependencies(HttpContext context, ITraceReader reader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        var window = JaegerQueryParser.ParseDependencies(context.Request.Query, time.GetUtcNow(), out var error);
        if (window is null)
        {
            return JaegerErrorResult.BadRequest(error!);
        }

        var calls = await reader.GetDependenciesAsync(context.Tenant(), window.FromUnixNanos, window.ToUnixNanos, context.RequestAborted);
        var links = calls.Where(c => window.Service is null || c.Parent == window.Service || c.Child == window.Service).ToList();
        return new JaegerEnvelopeResult(w =>
        {
            w.WriteStartArray();
            foreach (var link in links)
            {
                w.WriteStartObject();
                w.WriteString("parent", link.Parent);
                w.WriteString("child", link.Child);
                w.WriteNumber("callCount", link.CallCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WriteStrings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteTraces(Utf8JsonWriter writer, IEnumerable<StoredTrace> traces)
    {
        writer.WriteStartArray();
        foreach (var trace in traces)
        {
            JaegerTraceWriter.Write(writer, trace);
        }

        writer.WriteEndArray();
    }
}

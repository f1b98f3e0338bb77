using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// Jaeger's api_v3 HTTP gateway (<c>apiv3/http_gateway.go</c>) under <c>/jaeger/api/v3</c>:
/// services, operations, traces as OTLP JSON, and trace summaries. Grafana uses it behind
/// its <c>jaegerEnableGrpcEndpoint</c> toggle; the Jaeger UI uses it for search.
/// </summary>
public static class JaegerApiV3Endpoints
{
    public static RouteGroupBuilder MapJaegerApiV3Endpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(JaegerEndpoints.Prefix + "/api/v3").WithTags("Jaeger api_v3");
        api.MapGet("/services", GetServices).WithName("JaegerV3GetServices").WithSummary("Services of kept traces.");
        api.MapGet("/operations", GetOperations).WithName("JaegerV3GetOperations").WithSummary("Operations of a service with their span kinds.");
        api.MapGet("/traces", FindTraces).WithName("JaegerV3FindTraces").WithSummary("Search traces; OTLP JSON.");
        api.MapGet("/traces/{traceId}", GetTrace).WithName("JaegerV3GetTrace").WithSummary("One trace as OTLP JSON.");
        api.MapGet("/trace-summaries", FindTraceSummaries).WithName("JaegerV3FindTraceSummaries").WithSummary("Search traces; one summary each.");
        api.WithAuthFailureResponse(static (_, status, message) => new ApiV3ErrorResult(status, message));
        return api;
    }

    public static async Task<ApiV3Result> GetServices(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        return new ApiV3Result(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("services");
            foreach (var service in catalog.Services)
            {
                w.WriteStringValue(service);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<Results<ApiV3Result, ApiV3ErrorResult>> GetOperations(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var query = context.Request.Query;
        if (JaegerQueryParser.First(query, "service") is not { } service)
        {
            return ApiV3ErrorResult.BadRequest("parameter 'service' is required");
        }

        var kindText = JaegerQueryParser.First(query, "spanKind") ?? JaegerQueryParser.First(query, "span_kind");
        var kind = SpanKind.Unspecified;
        if (kindText is not null && !JaegerSpanKinds.TryParse(kindText, out kind))
        {
            return ApiV3ErrorResult.BadRequest(ApiV3QueryParser.Malformed("spanKind", $"unsupported span kind '{kindText}'; use one of {JaegerSpanKinds.Allowed}"));
        }

        var catalog = await reader.GetCatalogAsync(context.Tenant(), context.RequestAborted);
        // api_v3 reports a span without a kind as internal, so it is filtered as one too.
        var operations = catalog.Operations
            .Where(o => o.Service == service)
            .Select(o => (o.Name, Kind: JaegerSpanKinds.Name(o.Kind) ?? "internal"))
            .Where(o => kindText is null || o.Kind == JaegerSpanKinds.Name(kind))
            .Distinct()
            .ToList();
        return new ApiV3Result(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("operations");
            foreach (var (name, spanKind) in operations)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("spanKind", spanKind);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<Results<ApiV3Result, ApiV3ErrorResult>> FindTraces(HttpContext context, ITraceReader reader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        var query = ApiV3QueryParser.ParseSearch(context.Request.Query, time.GetUtcNow(), out var error);
        if (query is null)
        {
            return ApiV3ErrorResult.BadRequest(error!);
        }

        // Jaeger answers an empty search with 404 "No traces found", which Grafana shows as a
        // failed request; an empty result reads better and is what the message means.
        var traces = await reader.SearchTracesAsync(query with { Tenant = context.Tenant() }, context.RequestAborted);
        return new ApiV3Result(w => WriteResult(w, traces));
    }

    public static async Task<Results<ApiV3Result, ApiV3ErrorResult>> GetTrace(string traceId, HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var requested = JaegerQueryParser.PathSegment(traceId);
        if (JaegerTraceIds.Parse(requested, out var idError) is not { } lookup)
        {
            return ApiV3ErrorResult.BadRequest(ApiV3QueryParser.Malformed("trace_id", $"'{requested}' {idError}"));
        }

        if (!ApiV3QueryParser.ValidateTraceHints(context.Request.Query, out var error))
        {
            return ApiV3ErrorResult.BadRequest(error!);
        }

        var found = await TraceIdLookup.FindAsync(reader, context.Tenant(), [lookup], context.RequestAborted);
        return found[0].Trace is { } trace
            ? new ApiV3Result(w => WriteResult(w, [trace]))
            : ApiV3ErrorResult.NotFound();
    }

    public static async Task<Results<ApiV3Result, ApiV3ErrorResult>> FindTraceSummaries(HttpContext context, ITraceReader reader, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        var query = ApiV3QueryParser.ParseSearch(context.Request.Query, time.GetUtcNow(), out var error);
        if (query is null)
        {
            return ApiV3ErrorResult.BadRequest(error!);
        }

        var traces = await reader.SearchTracesAsync(query with { Tenant = context.Tenant() }, context.RequestAborted);
        return new ApiV3Result(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("summaries");
            foreach (var trace in traces)
            {
                ApiV3TraceSummaryWriter.Write(w, trace);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"result":{"resourceSpans":[…]}}</c> (<c>GRPCGatewayWrapper</c> around <c>TracesData</c>).</summary>
    private static void WriteResult(Utf8JsonWriter writer, IReadOnlyList<StoredTrace> traces)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("result");
        OtlpJsonTraceWriter.WriteTracesData(writer, traces.Select(t => (IReadOnlyList<Span>)t.Spans));
        writer.WriteEndObject();
    }
}

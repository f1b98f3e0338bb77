using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Ingest.Json;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest;

/// <summary>The seed's span ingest API: <c>POST /api/spans</c>.</summary>
public static class IngestEndpoints
{
    private const string Protocol = "traceflow_json";
    private const string RetryAfterDelay = "Retry-After delay";

    /// <summary>At most this many per-span errors are echoed back, to bound the response.</summary>
    private const int MaxErrorsInResponse = 100;

    public static RouteGroupBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Ingest");
        api.MapPost("/spans", PostSpans)
            .WithName("PostSpans")
            .WithSummary("Ingest a batch of spans in TraceFlow JSON.");
        return api;
    }

    public static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> PostSpans(
        HttpContext context,
        SpanDispatcher dispatcher,
        IngestAdmission admission,
        TenantIngestLimiter tenantLimits,
        IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tenantLimits);
        ArgumentNullException.ThrowIfNull(context);
        var limits = options.Value;
        var request = context.Request;
        if (request.ContentType is { Length: > 0 } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send spans as application/json.");
        }

        using var admitted = admission.TryAdmit(request);
        if (admitted.Refusal is { } shed)
        {
            GatewayMetrics.RejectRequest(Protocol, shed.Reason);
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Overloaded", detail: shed.Message);
        }

        using var body = await RequestBodyReader.ReadAsync(request, limits.MaxRequestBytes, context.RequestAborted);
        switch (body.Status)
        {
            case RequestBodyStatus.TooLarge:
                return Refuse(StatusCodes.Status413PayloadTooLarge, "too_large", body.Error!);
            case RequestBodyStatus.UnsupportedEncoding:
                return Refuse(StatusCodes.Status415UnsupportedMediaType, "unsupported_encoding", body.Error!);
            case RequestBodyStatus.CorruptEncoding:
                return Refuse(StatusCodes.Status400BadRequest, "corrupt_encoding", body.Error!);
        }

        var decoded = TraceFlowJsonSpanDecoder.Decode(body.Buffer!.Span, limits);
        if (decoded.Error is not null)
        {
            return decoded.TooManySpans
                ? Refuse(StatusCodes.Status413PayloadTooLarge, "too_many_spans", decoded.Error)
                : Refuse(StatusCodes.Status400BadRequest, "malformed", decoded.Error);
        }

        GatewayMetrics.AttributesTruncated.Inc(decoded.TruncatedAttributes);
        GatewayMetrics.TruncateEvents(Protocol, decoded.TruncatedEvents);
        GatewayMetrics.RejectSpans(Protocol, "invalid", decoded.Rejections.Count);
        var errors = decoded.Rejections.Take(MaxErrorsInResponse).ToList();
        if (decoded.Spans.Count == 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, null, "Every span in the request was invalid; see errors.", errors, decoded.Rejections.Count);
        }

        if (tenantLimits.TryAcquire(context.Tenant(), decoded.Spans.Count) is { } wait)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(wait);
            return Refuse(StatusCodes.Status429TooManyRequests, "tenant_rate", "The tenant is over its ingest rate; retry after the Retry-After delay.");
        }

        DispatchResult dispatched;
        try
        {
            dispatched = await dispatcher.DispatchAsync(context.Tenant(), decoded.Spans, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // A silo went away mid-request: nothing is lost that a retry will not resend.
            GatewayMetrics.RejectRequest(Protocol, "unavailable");
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Unavailable",
                detail: "The trace pipeline is temporarily unavailable; retry after the Retry-After delay.");
        }

        GatewayMetrics.CountDispatched(Protocol, dispatched);
        if (dispatched.Refused > 0 || dispatched.TenantRefused > 0)
        {
            // The silo's capacity first (503): past it, the tenant's own limit is moot.
            var silo = dispatched.Refused > 0;
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return TypedResults.Problem(
                statusCode: silo ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests,
                title: silo ? "Overloaded" : "Too many live traces",
                detail: silo ? dispatched.RefusedMessage(RetryAfterDelay) : dispatched.TenantRefusedMessage(RetryAfterDelay),
                extensions: new Dictionary<string, object?> { ["accepted"] = dispatched.Accepted, ["refused"] = silo ? dispatched.Refused : dispatched.TenantRefused });
        }

        if (dispatched.TooLarge > 0)
        {
            errors.Add(new SpanRejection(-1, null, "trace_id", string.Create(CultureInfo.InvariantCulture, $"{dispatched.TooLarge} spans exceeded their trace's span limit")));
        }

        var rejected = decoded.Rejections.Count + dispatched.TooLarge;
        return TypedResults.Accepted((string?)null, new IngestResponse(dispatched.Accepted, rejected, errors));
    }

    private static ProblemHttpResult Refuse(int status, string? reason, string detail, IReadOnlyList<SpanRejection>? errors = null, int rejected = 0)
    {
        if (reason is not null)
        {
            GatewayMetrics.RejectRequest(Protocol, reason);
        }

        var extensions = new Dictionary<string, object?>();
        if (errors is not null)
        {
            extensions["accepted"] = 0;
            extensions["rejected"] = rejected;
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(statusCode: status, detail: detail, extensions: extensions);
    }
}

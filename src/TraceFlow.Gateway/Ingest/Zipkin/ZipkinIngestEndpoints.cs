using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Zipkin's span collector, <c>POST /api/v2/spans</c>: JSON v2 or proto3, optionally
/// compressed, answered as Zipkin answers (202 with no body; errors as plain text).
/// </summary>
public static partial class ZipkinIngestEndpoints
{
    private const string Protocol = "zipkin";
    private const string LogCategory = "TraceFlow.Gateway.Ingest.Zipkin";
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>How many rejected span ids one log line names.</summary>
    private const int MaxIdsInLog = 3;

    public static RouteGroupBuilder MapZipkinIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v2").WithTags("Zipkin");
        api.MapPost("/spans", PostSpans)
            .WithName("PostZipkinSpans")
            .WithSummary("Ingest Zipkin v2 spans: a JSON list, or a proto3 ListOfSpans for application/x-protobuf.");
        api.WithAuthFailureResponse(static (_, status, message) => Text(status, message));
        return api;
    }

    public static async Task<Results<Accepted, ContentHttpResult>> PostSpans(
        HttpContext context,
        SpanDispatcher dispatcher,
        IngestAdmission admission,
        TenantIngestLimiter tenantLimits,
        IOptions<IngestOptions> options,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(tenantLimits);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var limits = options.Value;
        var logger = loggers.CreateLogger(LogCategory);
        var request = context.Request;
        using var admitted = admission.TryAdmit(request);
        if (admitted.Refusal is { } shed)
        {
            GatewayMetrics.RejectRequest(Protocol, shed.Reason);
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return Text(StatusCodes.Status503ServiceUnavailable, shed.Message);
        }

        using var body = await RequestBodyReader.ReadAsync(request, limits.MaxRequestBytes, context.RequestAborted);
        switch (body.Status)
        {
            case RequestBodyStatus.TooLarge:
                return Refuse(logger, StatusCodes.Status413PayloadTooLarge, "too_large", body.Error!);
            case RequestBodyStatus.UnsupportedEncoding:
                return Refuse(logger, StatusCodes.Status415UnsupportedMediaType, "unsupported_encoding", body.Error!);
            case RequestBodyStatus.CorruptEncoding:
                return Refuse(logger, StatusCodes.Status400BadRequest, "corrupt_encoding", body.Error!);
        }

        // Like Zipkin, anything that is not protobuf is read as JSON (curl -d sends a form type).
        var decoded = IsProtobuf(request.ContentType)
            ? ZipkinProtoSpanDecoder.Decode(body.Buffer!.Span, limits)
            : ZipkinJsonSpanDecoder.Decode(body.Buffer!.Span, limits);
        if (decoded.Error is not null)
        {
            return decoded.TooManySpans
                ? Refuse(logger, StatusCodes.Status413PayloadTooLarge, "too_many_spans", decoded.Error)
                : Refuse(logger, StatusCodes.Status400BadRequest, "malformed", decoded.Error);
        }

        GatewayMetrics.AttributesTruncated.Inc(decoded.TruncatedAttributes);
        GatewayMetrics.TruncateEvents(Protocol, decoded.TruncatedEvents);
        if (decoded.Rejections.Count > 0)
        {
            GatewayMetrics.RejectSpans(Protocol, "invalid", decoded.Rejections.Count);
            var first = decoded.Rejections[0];
            Log.SpansRejected(
                logger,
                decoded.Rejections.Count,
                decoded.Rejections.Count + decoded.Spans.Count,
                first.Message,
                string.Join(", ", decoded.Rejections.Take(MaxIdsInLog).Select(r => r.SpanId ?? "(none)")));
            if (decoded.Spans.Count == 0)
            {
                // Nothing to keep: say why, as Zipkin does for a request it cannot use.
                return Refuse(logger, StatusCodes.Status400BadRequest, null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"Every span in the request was invalid ({decoded.Rejections.Count}); the first, at index {first.Index}: {first.Message}"));
            }
        }

        if (decoded.Spans.Count == 0)
        {
            return TypedResults.Accepted((string?)null);
        }

        if (tenantLimits.TryAcquire(context.Tenant(), decoded.Spans.Count) is { } wait)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(wait);
            return Refuse(logger, StatusCodes.Status429TooManyRequests, "tenant_rate", "The tenant is over its ingest rate; retry after the Retry-After delay.");
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
            Log.Unavailable(logger, ex);
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return Text(StatusCodes.Status503ServiceUnavailable, "The trace pipeline is temporarily unavailable; retry after the Retry-After delay.");
        }

        GatewayMetrics.CountDispatched(Protocol, dispatched);
        if (dispatched.Refused > 0)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return Text(StatusCodes.Status503ServiceUnavailable, dispatched.RefusedMessage("Retry-After delay"));
        }

        if (dispatched.TenantRefused > 0)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(limits.RetryAfter);
            return Text(StatusCodes.Status429TooManyRequests, dispatched.TenantRefusedMessage("Retry-After delay"));
        }

        return TypedResults.Accepted((string?)null);
    }

    private static bool IsProtobuf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase));

    private static ContentHttpResult Refuse(ILogger logger, int status, string? reason, string message)
    {
        if (reason is not null)
        {
            GatewayMetrics.RejectRequest(Protocol, reason);
        }

        Log.RequestRefused(logger, status, message);
        return Text(status, message);
    }

    private static ContentHttpResult Text(int status, string message) => TypedResults.Text(message, PlainText, statusCode: status);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Rejected {RejectedCount} of {SpanCount} Zipkin spans; first problem: {Problem}; span ids: {SpanIds}", EventName = "ZipkinSpansRejected")]
        public static partial void SpansRejected(ILogger logger, int rejectedCount, int spanCount, string problem, string spanIds);

        [LoggerMessage(2, LogLevel.Information, "Refused a Zipkin request with {StatusCode}: {Problem}", EventName = "ZipkinRequestRefused")]
        public static partial void RequestRefused(ILogger logger, int statusCode, string problem);

        [LoggerMessage(3, LogLevel.Warning, "Zipkin spans could not reach the trace grains; answered 503", EventName = "ZipkinIngestUnavailable")]
        public static partial void Unavailable(ILogger logger, Exception exception);
    }
}

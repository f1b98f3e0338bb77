using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Grains.Traces;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// What OTLP/HTTP and OTLP/gRPC share once the request is decoded: map the spans, count and
/// log what was refused or cut, hand the rest to the trace grains, and decide the answer
/// (full or partial success, bad data, too large, overloaded). Transports only encode it.
/// </summary>
public sealed partial class OtlpTraceIngest(SpanDispatcher dispatcher, TenantIngestLimiter tenantLimits, IOptions<IngestOptions> options, ILogger<OtlpTraceIngest> logger)
{
    public const string GrpcProtocol = "otlp_grpc";
    public const string HttpProtobufProtocol = "otlp_http_protobuf";
    public const string HttpJsonProtocol = "otlp_http_json";

    /// <summary>Problems spelled out in a partial-success message; the rest are counted.</summary>
    private const int MaxProblemsInMessage = 10;

    public IngestOptions Limits => options.Value;

    /// <summary>Maps, dispatches and answers one export request.</summary>
    internal async Task<OtlpExportResult> ExportAsync(
        string tenant,
        ExportTraceServiceRequest request,
        IReadOnlyDictionary<OtlpSpan, SpanProblem>? knownProblems,
        string protocol,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var mapped = OtlpSpanMapper.Map(request, limits, knownProblems);
        if (mapped.TooManySpans)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"The request carries {mapped.TotalSpans} spans; at most {limits.MaxSpansPerRequest} are accepted per request.");
            RefuseRequest(protocol, "too_many_spans", message);
            return OtlpExportResult.Failed(OtlpOutcome.TooLarge, OtlpFailures.TooLarge(message));
        }

        GatewayMetrics.AttributesTruncated.Inc(mapped.TruncatedAttributes);
        GatewayMetrics.TruncateEvents(protocol, mapped.TruncatedEvents);
        GatewayMetrics.TruncateLinks(protocol, mapped.TruncatedLinks);
        GatewayMetrics.RejectSpans(protocol, "invalid", mapped.Rejections.Count);
        if (mapped.Rejections.Count > 0)
        {
            var first = mapped.Rejections[0];
            Log.SpansRejected(logger, protocol, mapped.Rejections.Count, mapped.TotalSpans, first.Field, first.Message, first.SpanId);
        }

        if (mapped.Spans.Count == 0)
        {
            // An empty request is a success (OTLP); one whose every span is invalid is bad data.
            return mapped.Rejections.Count == 0
                ? OtlpExportResult.Accepted(new ExportTraceServiceResponse())
                : OtlpExportResult.Failed(OtlpOutcome.Invalid, OtlpFailures.BadRequest(Describe(mapped, 0, limits), mapped.Rejections));
        }

        if (tenantLimits.TryAcquire(tenant, mapped.Spans.Count) is { } wait)
        {
            GatewayMetrics.RejectRequest(protocol, "tenant_rate");
            var message = $"The tenant is over its ingest rate; {Spans(mapped.Spans.Count)} refused, retry after the delay.";
            return OtlpExportResult.Failed(OtlpOutcome.Throttled, OtlpFailures.Throttled(message, wait), wait);
        }

        DispatchResult dispatched;
        try
        {
            dispatched = await dispatcher.DispatchAsync(tenant, mapped.Spans, cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // A silo went away mid-request: nothing is lost that a retry will not resend.
            GatewayMetrics.RejectRequest(protocol, "unavailable");
            Log.PipelineUnavailable(logger, protocol, ex);
            return OtlpExportResult.Failed(
                OtlpOutcome.Overloaded,
                OtlpFailures.Unavailable("The trace pipeline is temporarily unavailable; retry after the delay.", limits.RetryAfter),
                limits.RetryAfter);
        }

        GatewayMetrics.CountDispatched(protocol, dispatched);
        if (dispatched.Refused > 0)
        {
            Log.Overloaded(logger, protocol, dispatched.Refused, dispatched.RefusedBecause, dispatched.Accepted);
            var message = dispatched.RefusedMessage("delay");
            return OtlpExportResult.Failed(OtlpOutcome.Overloaded, OtlpFailures.Unavailable(message, limits.RetryAfter), limits.RetryAfter);
        }

        if (dispatched.TenantRefused > 0)
        {
            return OtlpExportResult.Failed(OtlpOutcome.Throttled, OtlpFailures.Throttled(dispatched.TenantRefusedMessage("delay"), limits.RetryAfter), limits.RetryAfter);
        }

        var response = new ExportTraceServiceResponse();
        var rejected = mapped.Rejections.Count + dispatched.TooLarge;
        if (rejected > 0 || mapped.MissingServiceName > 0 || mapped.UnnamedSpans > 0 || mapped.TruncatedAttributes + mapped.TruncatedEvents + mapped.TruncatedLinks > 0)
        {
            // rejected_spans 0 with a message is OTLP's warning: accepted, but not quite as sent.
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = Describe(mapped, dispatched.TooLarge, limits) };
        }

        return OtlpExportResult.Accepted(response);
    }

    /// <summary>Counts and logs a request refused before any span was read.</summary>
    internal void RefuseRequest(string protocol, string reason, string problem)
    {
        GatewayMetrics.RejectRequest(protocol, reason);
        Log.RequestRefused(logger, protocol, reason, problem);
    }

    /// <summary>The partial-success (or bad-request) message: what was refused, defaulted or cut, in English.</summary>
    private static string Describe(OtlpMapResult mapped, int tooLarge, IngestOptions limits)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (mapped.Rejections.Count > 0)
        {
            text.Append(culture, $"{Spans(mapped.Rejections.Count)} of {mapped.TotalSpans} rejected: ");
            for (var i = 0; i < Math.Min(mapped.Rejections.Count, MaxProblemsInMessage); i++)
            {
                var rejection = mapped.Rejections[i];
                text.Append(culture, $"{(i > 0 ? "; " : string.Empty)}{rejection.Field} {rejection.Message}");
            }

            if (mapped.Rejections.Count > MaxProblemsInMessage)
            {
                text.Append(culture, $"; and {mapped.Rejections.Count - MaxProblemsInMessage} more");
            }

            text.Append(". ");
        }

        if (tooLarge > 0)
        {
            text.Append(culture, $"{Spans(tooLarge)} rejected because their trace already holds its maximum of spans. ");
        }

        if (mapped.MissingServiceName > 0)
        {
            text.Append(culture, $"{Spans(mapped.MissingServiceName)} from a resource without a service.name attribute stored under service \"{OtlpSpanMapper.UnknownService}\". ");
        }

        if (mapped.UnnamedSpans > 0)
        {
            text.Append(culture, $"{Spans(mapped.UnnamedSpans)} with an empty name stored as operation \"{OtlpSpanMapper.UnknownOperation}\". ");
        }

        if (mapped.TruncatedAttributes > 0)
        {
            text.Append(culture, $"{mapped.TruncatedAttributes} attribute values, status messages or trace states were cut to {limits.MaxAttributeValueLength} characters, or attributes dropped beyond {limits.MaxAttributesPerSpan} per span, resource, scope, event or link. ");
        }

        if (mapped.TruncatedEvents > 0)
        {
            text.Append(culture, $"{mapped.TruncatedEvents} events were dropped beyond {limits.MaxEventsPerSpan} per span. ");
        }

        if (mapped.TruncatedLinks > 0)
        {
            text.Append(culture, $"{mapped.TruncatedLinks} links were dropped beyond {limits.MaxLinksPerSpan} per span. ");
        }

        return text.ToString().TrimEnd();
    }

    private static string Spans(int count) =>
        count == 1 ? "1 span" : string.Create(CultureInfo.InvariantCulture, $"{count} spans");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "OTLP {Protocol}: rejected {Rejected} of {Total} spans; the first: {Field} {Problem} (span {SpanId})", EventName = "OtlpSpansRejected")]
        public static partial void SpansRejected(ILogger logger, string protocol, int rejected, int total, string field, string problem, string? spanId);

        [LoggerMessage(2, LogLevel.Information, "OTLP {Protocol}: refused {Refused} spans because {Reason} ({Accepted} accepted)", EventName = "OtlpOverloaded")]
        public static partial void Overloaded(ILogger logger, string protocol, int refused, string reason, int accepted);

        [LoggerMessage(3, LogLevel.Warning, "OTLP {Protocol}: the trace pipeline is unavailable; the client was told to retry", EventName = "OtlpPipelineUnavailable")]
        public static partial void PipelineUnavailable(ILogger logger, string protocol, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "OTLP {Protocol}: request refused ({Reason}): {Problem}", EventName = "OtlpRequestRefused")]
        public static partial void RequestRefused(ILogger logger, string protocol, string reason, string problem);
    }
}

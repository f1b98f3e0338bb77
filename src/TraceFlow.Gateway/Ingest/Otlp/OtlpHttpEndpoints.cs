using System.Globalization;
using Google.Protobuf;
using Microsoft.Net.Http.Headers;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Security;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// OTLP/HTTP trace ingest: <c>POST /v1/traces</c> with a binary protobuf or OTLP JSON
/// <c>ExportTraceServiceRequest</c>, optionally gzip/deflate/br encoded. Served on every
/// gateway port; the OTLP/HTTP port (4318) exists so exporters' defaults just work.
/// </summary>
public static class OtlpHttpEndpoints
{
    public static RouteGroupBuilder MapOtlpHttpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var otlp = endpoints.MapGroup("/v1").WithTags("OTLP");
        otlp.MapPost("/traces", PostTraces)
            .WithName("PostOtlpTraces")
            .WithSummary("Ingest an OTLP ExportTraceServiceRequest (application/x-protobuf or application/json).");
        otlp.WithAuthFailureResponse(static (context, status, message) =>
            OtlpHttpResult.Failure(status, OtlpFailures.Refused(status, message), EncodingOf(context.Request.ContentType) ?? OtlpEncoding.Json));
        return otlp;
    }

    public static async Task<OtlpHttpResult> PostTraces(HttpContext context, OtlpTraceIngest ingest, IngestAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(admission);
        var request = context.Request;
        if (EncodingOf(request.ContentType) is not { } encoding)
        {
            // The request's encoding is unknown, so the status goes out as JSON, the readable one.
            var message = string.Create(CultureInfo.InvariantCulture, $"Content-Type '{request.ContentType}' is not supported; send application/x-protobuf or application/json.");
            ingest.RefuseRequest(OtlpTraceIngest.HttpProtobufProtocol, "unsupported_media_type", message);
            return OtlpHttpResult.Failure(StatusCodes.Status415UnsupportedMediaType, OtlpFailures.Unsupported(message), OtlpEncoding.Json);
        }

        var protocol = encoding == OtlpEncoding.Json ? OtlpTraceIngest.HttpJsonProtocol : OtlpTraceIngest.HttpProtobufProtocol;
        using var admitted = admission.TryAdmit(request);
        if (admitted.Refusal is { } shed)
        {
            GatewayMetrics.RejectRequest(protocol, shed.Reason);
            var retryAfter = ingest.Limits.RetryAfter;
            return OtlpHttpResult.Failure(StatusCodes.Status503ServiceUnavailable, OtlpFailures.Unavailable(shed.Message, retryAfter), encoding, retryAfter);
        }

        using var body = await RequestBodyReader.ReadAsync(request, ingest.Limits.MaxRequestBytes, context.RequestAborted);
        switch (body.Status)
        {
            case RequestBodyStatus.TooLarge:
                ingest.RefuseRequest(protocol, "too_large", body.Error!);
                return OtlpHttpResult.Failure(StatusCodes.Status413PayloadTooLarge, OtlpFailures.TooLarge(body.Error!), encoding);
            case RequestBodyStatus.UnsupportedEncoding:
                ingest.RefuseRequest(protocol, "unsupported_encoding", body.Error!);
                return OtlpHttpResult.Failure(StatusCodes.Status415UnsupportedMediaType, OtlpFailures.Unsupported(body.Error!), encoding);
            case RequestBodyStatus.CorruptEncoding:
                ingest.RefuseRequest(protocol, "corrupt_encoding", body.Error!);
                return OtlpHttpResult.Failure(StatusCodes.Status400BadRequest, OtlpFailures.Undecodable(body.Error!), encoding);
        }

        ExportTraceServiceRequest export;
        IReadOnlyDictionary<Proto.Trace.V1.Span, SpanProblem>? problems = null;
        if (encoding == OtlpEncoding.Json)
        {
            var decoded = OtlpJsonDecoder.Decode(body.Buffer!.Span);
            if (decoded.Error is not null)
            {
                ingest.RefuseRequest(protocol, "malformed", decoded.Error);
                return OtlpHttpResult.Failure(StatusCodes.Status400BadRequest, OtlpFailures.Undecodable(decoded.Error), encoding);
            }

            (export, problems) = (decoded.Request!, decoded.SpanProblems);
        }
        else
        {
            try
            {
                export = ExportTraceServiceRequest.Parser.ParseFrom(body.Buffer!.Span);
            }
            catch (InvalidProtocolBufferException ex)
            {
                var message = $"The body is not a valid protobuf ExportTraceServiceRequest: {ex.Message}";
                ingest.RefuseRequest(protocol, "malformed", message);
                return OtlpHttpResult.Failure(StatusCodes.Status400BadRequest, OtlpFailures.Undecodable(message), encoding);
            }
        }

        var result = await ingest.ExportAsync(context.Tenant(), export, problems, protocol, context.RequestAborted);
        return result.Outcome switch
        {
            OtlpOutcome.Accepted => OtlpHttpResult.Success(result.Response!, encoding),
            OtlpOutcome.Invalid => OtlpHttpResult.Failure(StatusCodes.Status400BadRequest, result.Failure!, encoding),
            OtlpOutcome.TooLarge => OtlpHttpResult.Failure(StatusCodes.Status413PayloadTooLarge, result.Failure!, encoding),
            OtlpOutcome.Throttled => OtlpHttpResult.Failure(StatusCodes.Status429TooManyRequests, result.Failure!, encoding, result.RetryAfter),
            _ => OtlpHttpResult.Failure(StatusCodes.Status503ServiceUnavailable, result.Failure!, encoding, result.RetryAfter),
        };
    }

    /// <summary>The payload encoding a Content-Type names (parameters such as charset ignored), or null.</summary>
    internal static OtlpEncoding? EncodingOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        // application/protobuf is the registered name some clients send for the same bytes.
        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            OtlpHttpResult.ProtobufContentType or "application/protobuf" => OtlpEncoding.Protobuf,
            OtlpHttpResult.JsonContentType => OtlpEncoding.Json,
            _ => null,
        };
    }
}

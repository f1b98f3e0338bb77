using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Otlp;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>
/// Once the collector is stopping, HTTP ingest (TraceFlow JSON, OTLP/HTTP, Zipkin) gets 503
/// with <c>Retry-After</c> before its body is read: nothing new is acknowledged that the
/// stopping process would have to decide or write. Queries are still answered.
/// </summary>
internal sealed class ShutdownGate(RequestDelegate next, ShutdownState state, IOptions<IngestOptions> ingest)
{
    public const string Reason = "shutting_down";
    private const string OtlpProtocol = "otlp_http";
    public const string Message = "The collector is shutting down; retry after the Retry-After delay (another instance, or this one once restarted).";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!state.Stopping || !HttpMethods.IsPost(context.Request.Method) || ProtocolOf(context.Request.Path) is not { } protocol)
        {
            await next(context);
            return;
        }

        state.CountRefused();
        var retryAfter = ingest.Value.RetryAfter;
        if (protocol == OtlpProtocol)
        {
            // OTLP wants the status in the request's encoding.
            var json = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            GatewayMetrics.RejectRequest(json ? OtlpTraceIngest.HttpJsonProtocol : OtlpTraceIngest.HttpProtobufProtocol, Reason);
            var status = OtlpFailures.Unavailable(Message, retryAfter);
            await OtlpHttpResult.Failure(StatusCodes.Status503ServiceUnavailable, status, json ? OtlpEncoding.Json : OtlpEncoding.Protobuf, retryAfter).ExecuteAsync(context);
            return;
        }

        GatewayMetrics.RejectRequest(protocol, Reason);
        context.Response.Headers[HeaderNames.RetryAfter] = OtlpFailures.RetryAfterSeconds(retryAfter);
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down", detail: Message).ExecuteAsync(context);
    }

    /// <summary>The ingest protocol served at <paramref name="path"/> (as the ingest metrics name it), or null for any other path.</summary>
    private static string? ProtocolOf(PathString path) =>
        path.Equals("/api/spans", StringComparison.OrdinalIgnoreCase) ? "traceflow_json"
        : path.Equals("/v1/traces", StringComparison.OrdinalIgnoreCase) ? OtlpProtocol
        : path.Equals("/api/v2/spans", StringComparison.OrdinalIgnoreCase) ? "zipkin"
        : null;
}

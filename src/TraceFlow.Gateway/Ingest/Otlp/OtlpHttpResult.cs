using Google.Protobuf;
using Microsoft.Net.Http.Headers;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// An OTLP/HTTP answer: a status code and a body encoded as the request was (OTLP requires the
/// same Content-Type both ways), the export response on 200 and <c>google.rpc.Status</c> on
/// errors, plus <c>Retry-After</c> when the client should come back.
/// </summary>
public sealed class OtlpHttpResult : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    private readonly byte[] body;
    private readonly string? retryAfterSeconds;

    private OtlpHttpResult(int statusCode, string contentType, byte[] body, string? retryAfterSeconds)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType { get; }

    /// <summary>The encoded body, for tests and logs.</summary>
    public ReadOnlyMemory<byte> Body => body;

    internal static OtlpHttpResult Success(ExportTraceServiceResponse response, OtlpEncoding encoding) =>
        new(StatusCodes.Status200OK, ContentTypeOf(encoding), encoding == OtlpEncoding.Json ? OtlpJsonResponseWriter.Write(response) : response.ToByteArray(), null);

    internal static OtlpHttpResult Failure(int statusCode, RpcStatus status, OtlpEncoding encoding, TimeSpan retryAfter = default) =>
        new(
            statusCode,
            ContentTypeOf(encoding),
            encoding == OtlpEncoding.Json ? OtlpJsonResponseWriter.Write(status) : status.ToByteArray(),
            retryAfter > TimeSpan.Zero ? OtlpFailures.RetryAfterSeconds(retryAfter) : null);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        if (retryAfterSeconds is not null)
        {
            response.Headers[HeaderNames.RetryAfter] = retryAfterSeconds;
        }

        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    private static string ContentTypeOf(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? JsonContentType : ProtobufContentType;
}

using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// The <c>google.rpc.Status</c> of each OTLP failure, shared by OTLP/HTTP (the response body)
/// and OTLP/gRPC (the rich status in the trailers): bad data carries <see cref="BadRequest"/>,
/// throttling carries <see cref="RetryInfo"/>, as the OTLP specification recommends.
/// </summary>
internal static class OtlpFailures
{
    /// <summary>Field violations listed in one status at most, to bound the response.</summary>
    public const int MaxViolations = 100;

    /// <summary>Undecodable or wholly invalid data: not retryable.</summary>
    public static RpcStatus BadRequest(string message, IEnumerable<SpanRejection> rejections)
    {
        var details = new BadRequest();
        foreach (var rejection in rejections.Take(MaxViolations))
        {
            details.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = rejection.Field, Description = rejection.Message });
        }

        return WithDetail(Code.InvalidArgument, message, details);
    }

    /// <summary>A body that cannot be read as an export request at all.</summary>
    public static RpcStatus Undecodable(string message) =>
        WithDetail(Code.InvalidArgument, message, new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "body", Description = message } } });

    /// <summary>Too large to take (no <see cref="RetryInfo"/>, so OTLP clients do not retry).</summary>
    public static RpcStatus TooLarge(string message) => new() { Code = (int)Code.ResourceExhausted, Message = message };

    /// <summary>An unsupported content type or encoding (HTTP 415); never retried.</summary>
    public static RpcStatus Unsupported(string message) => new() { Code = (int)Code.InvalidArgument, Message = message };

    /// <summary>The collector is full or unreachable for now: retry after <paramref name="retryAfter"/>.</summary>
    public static RpcStatus Unavailable(string message, TimeSpan retryAfter) =>
        WithDetail(Code.Unavailable, message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

    /// <summary>The tenant is over its ingest rate: retry after <paramref name="retryAfter"/>.</summary>
    public static RpcStatus Throttled(string message, TimeSpan retryAfter) =>
        WithDetail(Code.ResourceExhausted, message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

    /// <summary>A request without a valid API key (401) or without the ingest role (403).</summary>
    public static RpcStatus Refused(int httpStatus, string message) =>
        new() { Code = (int)(httpStatus == StatusCodes.Status403Forbidden ? Code.PermissionDenied : Code.Unauthenticated), Message = message };

    /// <summary>Whole seconds for the HTTP <c>Retry-After</c> header, rounded up.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static RpcStatus WithDetail(Code code, string message, IMessage detail) =>
        new() { Code = (int)code, Message = message, Details = { Any.Pack(detail) } };
}

using System.Net;

namespace TraceFlow.LoadGen.Sending;

/// <summary>Shared reading of HTTP answers: throttling and its <c>Retry-After</c>.</summary>
internal static class HttpStatusMapping
{
    public static bool IsThrottle(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}

using System.Globalization;
using TraceFlow.Gateway.Query;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Sampling;

/// <summary>
/// The query string of <c>POST /api/sampling/preview</c>: which stored traces to replay
/// (<c>service</c>, <c>from_unix_ms</c>, <c>to_unix_ms</c>) and how many of the newest (<c>limit</c>).
/// </summary>
internal static class PreviewQueryParser
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    public static (TraceQuery Query, int Limit)? Parse(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var result = new TraceQuery
        {
            Service = TraceQueryParser.Text(query, "service", ref error),
            StartFromUnixNanos = TraceQueryParser.Millis(query, "from_unix_ms", ref error),
            StartToUnixNanos = TraceQueryParser.Millis(query, "to_unix_ms", ref error),
        };
        var limit = DefaultLimit;
        if (TraceQueryParser.Text(query, "limit", ref error) is { } text
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
        {
            error ??= string.Create(CultureInfo.InvariantCulture, $"limit must be an integer from 1 to {MaxLimit}");
        }

        if (error is null && result.StartFromUnixNanos > result.StartToUnixNanos)
        {
            error = "from_unix_ms must not exceed to_unix_ms";
        }

        return error is null ? (result, limit) : null;
    }
}

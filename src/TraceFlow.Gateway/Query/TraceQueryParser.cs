using System.Globalization;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query;

/// <summary>
/// Turns the query string of <c>GET /api/traces</c> into a <see cref="TraceQuery"/>,
/// refusing any bad value with a message that names the parameter.
/// </summary>
internal static class TraceQueryParser
{
    private const int MaxTextLength = 1_024;

    public static TraceQuery? Parse(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var result = new TraceQuery
        {
            Service = Text(query, "service", ref error),
            Operation = Text(query, "operation", ref error),
            MinDurationNanos = Millis(query, "min_duration_ms", ref error),
            MaxDurationNanos = Millis(query, "max_duration_ms", ref error),
            StartFromUnixNanos = Millis(query, "from_unix_ms", ref error),
            StartToUnixNanos = Millis(query, "to_unix_ms", ref error),
            Status = Status(query, ref error),
            Tags = Tag(query, ref error) is { } tag ? [tag] : [],
            Limit = Limit(query, ref error),
        };
        if (error is null && result.MinDurationNanos > result.MaxDurationNanos)
        {
            error = "min_duration_ms must not exceed max_duration_ms";
        }

        return error is null ? result : null;
    }

    internal static string? Text(IQueryCollection query, string name, ref string? error)
    {
        var value = Single(query, name, ref error);
        if (value is { Length: > MaxTextLength })
        {
            error ??= string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {MaxTextLength} characters");
            return null;
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    internal static long? Millis(IQueryCollection query, string name, ref string? error)
    {
        var value = Text(query, name, ref error);
        if (value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && ms <= Units.MaxMillis)
        {
            return Units.MillisToNanos(ms);
        }

        error ??= $"{name} must be a non-negative number of milliseconds";
        return null;
    }

    private static SpanStatusCode? Status(IQueryCollection query, ref string? error)
    {
        var value = Text(query, "status", ref error);
        switch (value?.ToLowerInvariant())
        {
            case null:
                return null;
            case "error":
                return SpanStatusCode.Error;
            case "ok":
                return SpanStatusCode.Ok;
            default:
                error ??= "status must be \"error\" or \"ok\"";
                return null;
        }
    }

    private static SpanAttribute? Tag(IQueryCollection query, ref string? error)
    {
        var value = Text(query, "tag", ref error);
        if (value is null)
        {
            return null;
        }

        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error ??= "tag must have the form key=value";
            return null;
        }

        return new SpanAttribute(value[..equals], value[(equals + 1)..]);
    }

    private static int Limit(IQueryCollection query, ref string? error)
    {
        var value = Text(query, "limit", ref error);
        if (value is null)
        {
            return TraceQuery.DefaultLimit;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= TraceQuery.MaxLimit)
        {
            return limit;
        }

        error ??= string.Create(CultureInfo.InvariantCulture, $"limit must be an integer from 1 to {TraceQuery.MaxLimit}");
        return TraceQuery.DefaultLimit;
    }

    private static string? Single(IQueryCollection query, string name, ref string? error)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            error ??= $"{name} may be given only once";
        }

        return values.Count == 0 ? null : values[0];
    }
}

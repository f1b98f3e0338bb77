using System.Globalization;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// Reads the query strings of Jaeger's v1 API (<c>query_parser.go</c>). The first bad value
/// wins and its message names the parameter, as Jaeger's <c>unable to parse param 'x'</c> does.
/// </summary>
internal static class JaegerQueryParser
{
    private const long NanosPerMicro = 1_000;
    private const long NanosPerMilli = 1_000_000;

    /// <summary>Jaeger's <c>defaultDependencyLookbackDuration</c>.</summary>
    private static readonly long DefaultDependencyLookbackMillis = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    /// <summary>
    /// <c>GET /api/traces</c>: service optional (TraceFlow searches every service without one);
    /// without a start, the two days before the end (Jaeger: before now, the same when no end is given).
    /// </summary>
    public static JaegerSearch? ParseSearch(IQueryCollection query, DateTimeOffset now, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var nowNanos = UnixNanos(now);
        var end = Scaled(query, "end", NanosPerMicro, ref error) ?? nowNanos;
        var start = Scaled(query, "start", NanosPerMicro, ref error) ?? Math.Max(0, end - JaegerSearchQuery.DefaultLookbackNanos);
        var tags = Tags(query, ref error);
        var limit = Limit(query, ref error);
        var minDuration = Duration(query, "minDuration", ref error);
        var maxDuration = Duration(query, "maxDuration", ref error);
        var traceIds = TraceIds(query, ref error);
        Bool(query, "raw", ref error);
        if (error is null && start > end)
        {
            error = "unable to parse param 'start': the start must not be after 'end'";
        }

        if (error is null && minDuration is not null && maxDuration is not null && maxDuration < minDuration)
        {
            error = "'maxDuration' should be greater than 'minDuration'";
        }

        return error is not null
            ? null
            : new JaegerSearch(
                JaegerSearchQuery.Create(First(query, "service"), First(query, "operation"), tags, start, end, minDuration, maxDuration, limit),
                traceIds);
    }

    /// <summary>
    /// <c>GET /api/traces/{id}</c>: <c>start</c>/<c>end</c> are hints that need not narrow the
    /// lookup (ids are unique), so either unit is accepted — Jaeger's µs or the ms Grafana sends.
    /// </summary>
    public static bool ValidateTraceHints(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        NonNegative(query, "start", ref error);
        NonNegative(query, "end", ref error);
        Bool(query, "raw", ref error);
        return error is null;
    }

    /// <summary><c>GET /api/dependencies?endTs=&amp;lookback=</c>, both in milliseconds.</summary>
    public static JaegerDependencyWindow? ParseDependencies(IQueryCollection query, DateTimeOffset now, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var end = Scaled(query, "endTs", NanosPerMilli, ref error) ?? UnixNanos(now);
        var lookbackMillis = NonNegative(query, "lookback", ref error) ?? DefaultDependencyLookbackMillis;
        if (error is not null)
        {
            return null;
        }

        var lookback = lookbackMillis > long.MaxValue / NanosPerMilli ? long.MaxValue : lookbackMillis * NanosPerMilli;
        return new JaegerDependencyWindow(Math.Max(0, end - lookback), end, First(query, "service"));
    }

    /// <summary>The first non-empty value of a parameter, as Go's <c>url.Values.Get</c> reads it.</summary>
    public static string? First(IQueryCollection query, string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        var value = query[name].FirstOrDefault();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// A route value as sent: Kestrel leaves an encoded '/' encoded in a path segment (it would
    /// otherwise split the path), and service names and base64 trace ids may hold one.
    /// </summary>
    public static string PathSegment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    public static long UnixNanos(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * TimeSpan.NanosecondsPerTick;

    public static string ParamError(string name, string reason) => $"unable to parse param '{name}': {reason}";

    /// <summary>A non-negative integer in <paramref name="unitNanos"/> units, as nanoseconds.</summary>
    private static long? Scaled(IQueryCollection query, string name, long unitNanos, ref string? error)
    {
        var value = NonNegative(query, name, ref error);
        if (value is null)
        {
            return null;
        }

        if (value > long.MaxValue / unitNanos)
        {
            error ??= ParamError(name, "the time is out of range");
            return null;
        }

        return value * unitNanos;
    }

    private static long? NonNegative(IQueryCollection query, string name, ref string? error)
    {
        var text = First(query, name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        error ??= ParamError(name, $"'{text}' is not a non-negative integer");
        return null;
    }

    private static long? Duration(IQueryCollection query, string name, ref string? error)
    {
        var text = First(query, name);
        if (text is null)
        {
            return null;
        }

        if (!GoFormats.TryParseDuration(text, out var nanos) || nanos < 0)
        {
            error ??= ParamError(name, $"'{text}' is not a duration such as 1.2s, 100ms or 500us");
            return null;
        }

        // Jaeger reads a zero duration as no bound.
        return nanos == 0 ? null : nanos;
    }

    private static int Limit(IQueryCollection query, ref string? error)
    {
        var text = First(query, "limit");
        if (text is null)
        {
            return JaegerSearchQuery.DefaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 0)
        {
            error ??= ParamError("limit", $"'{text}' is not a non-negative integer");
            return JaegerSearchQuery.DefaultLimit;
        }

        return limit == 0 ? JaegerSearchQuery.DefaultLimit : limit;
    }

    /// <summary>Repeated <c>tag=key:value</c> first, then repeated <c>tags={json}</c>, later keys winning (Jaeger's order).</summary>
    private static Dictionary<string, string> Tags(IQueryCollection query, ref string? error)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in query["tag"])
        {
            var colon = tag?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon <= 0)
            {
                error ??= ParamError("tag", $"malformed 'tag' parameter, expecting key:value, received: {tag}");
                continue;
            }

            tags[tag![..colon]] = tag[(colon + 1)..];
        }

        foreach (var json in query["tags"])
        {
            if (!string.IsNullOrEmpty(json) && !JaegerSearchQuery.TryReadTags(json, tags, out var reason))
            {
                error ??= ParamError("tags", $"malformed 'tags' parameter: {reason}");
            }
        }

        return tags;
    }

    private static List<TraceIdLookup> TraceIds(IQueryCollection query, ref string? error)
    {
        var lookups = new List<TraceIdLookup>();
        foreach (var id in query["traceID"])
        {
            if (JaegerTraceIds.Parse(id, out var reason) is { } lookup)
            {
                if (!lookups.Exists(l => l.Requested == lookup.Requested))
                {
                    lookups.Add(lookup);
                }
            }
            else
            {
                error ??= ParamError("traceID", $"trace id '{id}' {reason}");
            }
        }

        return lookups;
    }

    private static void Bool(IQueryCollection query, string name, ref string? error)
    {
        var text = First(query, name);
        if (text is not null && !GoFormats.TryParseBool(text, out _))
        {
            error ??= ParamError(name, $"'{text}' is not a boolean");
        }
    }
}

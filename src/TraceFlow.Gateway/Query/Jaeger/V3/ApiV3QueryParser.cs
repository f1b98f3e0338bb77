using System.Globalization;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// Reads api_v3 query strings (<c>apiv3/query_parser.go</c>): the camelCase names of proto3
/// JSON (<c>query.serviceName</c>) and their snake_case aliases (<c>query.service_name</c>,
/// <c>query.num_traces</c>). Messages name the parameter as it was sent.
/// </summary>
internal static class ApiV3QueryParser
{
    /// <summary>
    /// A search (<c>/api/v3/traces</c>, <c>/api/v3/trace-summaries</c>). Jaeger requires both
    /// times; here they default to v1's window: the two days before the end, which defaults to now.
    /// </summary>
    public static TraceQuery? ParseSearch(IQueryCollection query, DateTimeOffset now, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var nowNanos = JaegerQueryParser.UnixNanos(now);
        var max = Time(query, "query.startTimeMax", "query.start_time_max", ref error) ?? nowNanos;
        var min = Time(query, "query.startTimeMin", "query.start_time_min", ref error) ?? Math.Max(0, max - JaegerSearchQuery.DefaultLookbackNanos);
        var durationMin = Duration(query, "query.durationMin", "query.duration_min", ref error);
        var durationMax = Duration(query, "query.durationMax", "query.duration_max", ref error);
        var depth = SearchDepth(query, ref error);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JaegerQueryParser.First(query, "query.attributes") is { } attributes && !JaegerSearchQuery.TryReadTags(attributes, tags, out var reason))
        {
            error ??= Malformed("query.attributes", reason!);
        }

        if (JaegerQueryParser.First(query, "query.filter") is not null)
        {
            error ??= Malformed("query.filter", "filter expressions are not supported; use query.attributes");
        }

        Bool(query, "query.rawTraces", "query.raw_traces", ref error);
        if (error is null && min > max)
        {
            error = "query.startTimeMin must not be after query.startTimeMax";
        }

        if (error is null && durationMin is not null && durationMax is not null && durationMax < durationMin)
        {
            error = "query.durationMax must not be less than query.durationMin";
        }

        var (service, _) = Param(query, "query.serviceName", "query.service_name");
        var (operation, _) = Param(query, "query.operationName", "query.operation_name");
        return error is null
            ? JaegerSearchQuery.Create(service, operation, tags, min, max, durationMin, durationMax, depth)
            : null;
    }

    /// <summary><c>/api/v3/traces/{trace_id}</c>: the time hints need not narrow the lookup, but must be well formed.</summary>
    public static bool ValidateTraceHints(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        Time(query, "startTime", "start_time", ref error);
        Time(query, "endTime", "end_time", ref error);
        Bool(query, "rawTraces", "raw_traces", ref error);
        return error is null;
    }

    public static string Malformed(string name, string reason) => $"malformed parameter {name}: {reason}";

    /// <summary>The value under the canonical name, else under its alias, with the name it came under.</summary>
    private static (string? Value, string Name) Param(IQueryCollection query, string canonical, string alias) =>
        JaegerQueryParser.First(query, canonical) is { } value ? (value, canonical) : (JaegerQueryParser.First(query, alias), alias);

    private static long? Time(IQueryCollection query, string canonical, string alias, ref string? error)
    {
        var (text, name) = Param(query, canonical, alias);
        if (text is null)
        {
            return null;
        }

        if (Rfc3339.TryParseUnixNanos(text, out var nanos))
        {
            return nanos;
        }

        error ??= Malformed(name, $"'{text}' is not an RFC 3339 time such as 2026-01-01T12:00:00.000000001Z");
        return null;
    }

    private static long? Duration(IQueryCollection query, string canonical, string alias, ref string? error)
    {
        var (text, name) = Param(query, canonical, alias);
        if (text is null)
        {
            return null;
        }

        if (!GoFormats.TryParseDuration(text, out var nanos) || nanos < 0)
        {
            error ??= Malformed(name, $"'{text}' is not a duration such as 1.2s, 100ms or 500us");
            return null;
        }

        return nanos == 0 ? null : nanos;
    }

    private static int SearchDepth(IQueryCollection query, ref string? error)
    {
        var (text, name) = Param(query, "query.searchDepth", "query.search_depth");
        if (text is null)
        {
            (text, name) = (JaegerQueryParser.First(query, "query.num_traces"), "query.num_traces");
        }

        if (text is null)
        {
            return JaegerSearchQuery.DefaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth > 0)
        {
            return depth;
        }

        error ??= Malformed(name, $"'{text}' is not a positive integer");
        return JaegerSearchQuery.DefaultLimit;
    }

    private static void Bool(IQueryCollection query, string canonical, string alias, ref string? error)
    {
        var (text, name) = Param(query, canonical, alias);
        if (text is not null && !GoFormats.TryParseBool(text, out _))
        {
            error ??= Malformed(name, $"'{text}' is not a boolean");
        }
    }
}

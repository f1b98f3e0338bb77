using System.Globalization;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Zipkin;

/// <summary>
/// The query string of Zipkin's <c>GET /api/v2/traces</c> as a <see cref="TraceQuery"/>,
/// with Zipkin's defaults and checks; a bad value is refused with a message naming it.
/// </summary>
internal static class ZipkinTraceQueryParser
{
    /// <summary>Zipkin's <c>QUERY_LOOKBACK</c>: one day, in milliseconds.</summary>
    public const long DefaultLookbackMillis = 86_400_000;

    public const int DefaultLimit = 10;

    private const int MaxTextLength = 1_024;
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerMicro = 1_000;

    public static TraceQuery? Parse(IQueryCollection query, DateTimeOffset now, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var minDuration = Positive(query, "minDuration", long.MaxValue / NanosPerMicro, "microseconds", ref error);
        var maxDuration = Positive(query, "maxDuration", long.MaxValue / NanosPerMicro, "microseconds", ref error);
        var endTs = Positive(query, "endTs", long.MaxValue / NanosPerMilli, "milliseconds", ref error) ?? now.ToUnixTimeMilliseconds();
        var lookback = Positive(query, "lookback", long.MaxValue, "milliseconds", ref error) ?? DefaultLookbackMillis;
        var limit = Positive(query, "limit", int.MaxValue, "traces", ref error) ?? DefaultLimit;
        var service = Text(query, "serviceName", ref error);
        var remoteService = Text(query, "remoteServiceName", ref error);
        var spanName = Text(query, "spanName", ref error);
        var annotations = ZipkinAnnotationQuery.Parse(Text(query, "annotationQuery", ref error));
        if (error is null && maxDuration is not null && minDuration is null)
        {
            error = "maxDuration is only valid with minDuration";
        }

        if (error is null && maxDuration < minDuration)
        {
            error = "maxDuration must not be less than minDuration";
        }

        if (error is not null)
        {
            return null;
        }

        return new TraceQuery
        {
            Service = service,
            RemoteService = remoteService,
            Operation = spanName is "all" ? null : spanName,
            Tags = annotations.Tags,
            Terms = annotations.Terms,
            Status = annotations.Error ? SpanStatusCode.Error : null,
            ConditionsAcrossSpans = true,

            // Durations bound the trace, as the span model's search does (Zipkin: any span of the service).
            MinDurationNanos = minDuration * NanosPerMicro,
            MaxDurationNanos = maxDuration * NanosPerMicro,
            StartFromUnixNanos = Math.Max(0, endTs - lookback) * NanosPerMilli,
            StartToUnixNanos = endTs * NanosPerMilli,
            Limit = (int)Math.Min(limit, TraceQuery.MaxLimit),
        };
    }

    /// <summary>The parameter's text, or null when it is absent or empty.</summary>
    public static string? Text(IQueryCollection query, string name, ref string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        var value = query[name].FirstOrDefault();
        if (value is { Length: > MaxTextLength })
        {
            error ??= string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {MaxTextLength} characters");
            return null;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>A positive integer parameter no larger than <paramref name="max"/>, or null when absent.</summary>
    public static long? Positive(IQueryCollection query, string name, long max, string unit, ref string? error)
    {
        var value = Text(query, name, ref error);
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max)
        {
            return number;
        }

        error ??= $"{name} must be a positive integer of {unit}";
        return null;
    }
}

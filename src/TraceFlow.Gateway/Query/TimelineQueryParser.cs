using System.Globalization;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Gateway.Query;

/// <summary>
/// Turns the query string of <c>GET /api/stats/timeline</c> into the steps to read, refusing any
/// bad value with a message that names the parameter. The range defaults to the
/// <see cref="DefaultWindow"/> before now; the step to the shortest that gives at most
/// <see cref="DefaultMaxPoints"/> points. A step is rounded up to a multiple of the store's shortest.
/// </summary>
internal static class TimelineQueryParser
{
    public const int DefaultMaxPoints = 180;
    public const int MaxPoints = 1_000;

    /// <summary>About 31 years: enough for the widest range in <see cref="MaxPoints"/> steps.</summary>
    public const long MaxStepSeconds = 1_000_000_000;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);

    public static TimelineRange? Parse(IQueryCollection query, long nowUnixNanos, long minStepSeconds, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minStepSeconds);
        error = null;
        var from = TraceQueryParser.Millis(query, "from_unix_ms", ref error);
        var to = TraceQueryParser.Millis(query, "to_unix_ms", ref error);
        var step = Step(query, ref error);
        if (error is not null)
        {
            return null;
        }

        var end = to ?? nowUnixNanos;
        var start = from ?? Math.Max(0, end - (DefaultWindow.Ticks * TimeSpan.NanosecondsPerTick));
        if (start > end)
        {
            error = "from_unix_ms must not exceed to_unix_ms";
            return null;
        }

        var stepSeconds = RoundUp(step ?? DefaultStep(end - start), minStepSeconds);
        var points = TimelineRange.PointsBetween(start, end, stepSeconds);
        if (points > MaxPoints)
        {
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"step_s of {stepSeconds} s gives {points} points between from_unix_ms and to_unix_ms; at most {MaxPoints} are allowed: raise step_s or narrow the range");
            return null;
        }

        return TimelineRange.Covering(start, end, stepSeconds);
    }

    /// <summary>
    /// The shortest whole-second step giving at most <see cref="DefaultMaxPoints"/> points: a span
    /// of at most <c>DefaultMaxPoints − 1</c> steps meets that many at most, however it is aligned.
    /// </summary>
    private static long DefaultStep(long spanNanos)
    {
        var perStep = (DefaultMaxPoints - 1) * UnixTime.NanosPerSecond;
        return Math.Max(1, (spanNanos / perStep) + (spanNanos % perStep == 0 ? 0 : 1));
    }

    private static long RoundUp(long stepSeconds, long multiple) => ((stepSeconds + multiple - 1) / multiple) * multiple;

    private static long? Step(IQueryCollection query, ref string? error)
    {
        var value = TraceQueryParser.Text(query, "step_s", ref error);
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= MaxStepSeconds)
        {
            return seconds;
        }

        error ??= string.Create(CultureInfo.InvariantCulture, $"step_s must be a whole number of seconds from 1 to {MaxStepSeconds}");
        return null;
    }
}

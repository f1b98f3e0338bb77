namespace TraceFlow.Grains.Stats;

/// <summary>
/// The steps of a timeline: <see cref="PointCount"/> steps of <see cref="StepSeconds"/>, aligned to
/// the Unix epoch (so every store's buckets fall wholly in one step), the first starting at
/// <see cref="FirstUnixNanos"/>. Step <c>i</c> covers [start, start + step).
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TimelineRange")]
public sealed record TimelineRange(
    [property: Id(0)] long FirstUnixNanos,
    [property: Id(1)] long StepSeconds,
    [property: Id(2)] int PointCount)
{
    /// <summary>The longest step whose nanoseconds fit in 64 bits.</summary>
    public const long MaxStepSeconds = long.MaxValue / UnixTime.NanosPerSecond;

    public long StepNanos => StepSeconds * UnixTime.NanosPerSecond;

    /// <summary>Where the last step ends (exclusive; capped at the end of 64-bit time).</summary>
    public long EndUnixNanos
    {
        get
        {
            var lastStart = StartOf(PointCount - 1);
            return lastStart > long.MaxValue - StepNanos ? long.MaxValue : lastStart + StepNanos;
        }
    }

    /// <summary>How many steps of <paramref name="stepSeconds"/> hold the times from <paramref name="fromUnixNanos"/> to <paramref name="toUnixNanos"/>.</summary>
    public static long PointsBetween(long fromUnixNanos, long toUnixNanos, long stepSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromUnixNanos, toUnixNanos);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepSeconds, MaxStepSeconds);
        var step = stepSeconds * UnixTime.NanosPerSecond;
        return UnixTime.WholeUnits(toUnixNanos, step) - UnixTime.WholeUnits(fromUnixNanos, step) + 1;
    }

    /// <summary>The steps from the one holding <paramref name="fromUnixNanos"/> to the one holding <paramref name="toUnixNanos"/>.</summary>
    public static TimelineRange Covering(long fromUnixNanos, long toUnixNanos, long stepSeconds)
    {
        var count = PointsBetween(fromUnixNanos, toUnixNanos, stepSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, int.MaxValue, nameof(toUnixNanos));
        var step = stepSeconds * UnixTime.NanosPerSecond;
        return new(UnixTime.WholeUnits(fromUnixNanos, step) * step, stepSeconds, (int)count);
    }

    public long StartOf(int point) => FirstUnixNanos + (point * StepNanos);

    /// <summary>The step holding <paramref name="unixNanos"/>, or null when it is outside the steps.</summary>
    public int? PointOf(long unixNanos)
    {
        if (unixNanos < FirstUnixNanos)
        {
            return null;
        }

        var point = (unixNanos - FirstUnixNanos) / StepNanos;
        return point < PointCount ? (int)point : null;
    }
}

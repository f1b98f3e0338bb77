namespace TraceFlow.Grains.Stats;

/// <summary>Clock readings as the Unix nanoseconds every span and query time is kept in.</summary>
public static class UnixTime
{
    public const long NanosPerSecond = 1_000_000_000;

    public static long Nanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * TimeSpan.NanosecondsPerTick;

    /// <summary>Whole units of <paramref name="unitNanos"/> since the epoch, floored (so before 1970 too).</summary>
    public static long WholeUnits(long unixNanos, long unitNanos)
    {
        var (quotient, rest) = Math.DivRem(unixNanos, unitNanos);
        return rest < 0 ? quotient - 1 : quotient;
    }
}

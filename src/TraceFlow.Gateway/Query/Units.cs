namespace TraceFlow.Gateway.Query;

internal static class Units
{
    private const double NanosPerMilli = 1_000_000.0;
    private const long WholeNanosPerMilli = 1_000_000;

    /// <summary>
    /// Whole milliseconds and the fraction apart: today's Unix times in nanoseconds exceed a
    /// double's 53 bits, so <c>nanos / 10⁶</c> would show 1710000000010 ms as 1710000000009.9998.
    /// </summary>
    public static double NanosToMillis(long nanos) =>
        (nanos / WholeNanosPerMilli) + (nanos % WholeNanosPerMilli / NanosPerMilli);

    public static long MillisToNanos(double millis) => (long)Math.Round(millis * NanosPerMilli);

    /// <summary>Largest millisecond value whose nanoseconds fit in 64 bits.</summary>
    public const double MaxMillis = long.MaxValue / NanosPerMilli;
}

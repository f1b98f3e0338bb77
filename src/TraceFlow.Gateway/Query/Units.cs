namespace TraceFlow.Gateway.Query;

internal static class Units
{
    private const double NanosPerMilli = 1_000_000.0;

    public static double NanosToMillis(long nanos) => nanos / NanosPerMilli;

    public static long MillisToNanos(double millis) => (long)Math.Round(millis * NanosPerMilli);

    /// <summary>Largest millisecond value whose nanoseconds fit in 64 bits.</summary>
    public const double MaxMillis = long.MaxValue / NanosPerMilli;
}

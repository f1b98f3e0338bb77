using System.Globalization;
using TraceFlow.Grains.Stats;

namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// The stats grain's latency buckets (<see cref="LatencyHistogram"/>: logarithmic, 1 % relative
/// accuracy) as ClickHouse expressions over a span row, so <c>span_stats</c> rows merge across
/// hours and silos without bias and report what the stats grain would. Each SQL text holds only
/// constants of this class.
/// </summary>
internal static class LatencyBuckets
{
    /// <summary>The bucket of durations up to 1 ns, which report as the smallest duration seen.</summary>
    public const short ZeroBucket = short.MinValue;

    public const long NanosPerHour = 3_600_000_000_000;

    private static readonly double Gamma = (1 + LatencyHistogram.RelativeAccuracy) / (1 - LatencyHistogram.RelativeAccuracy);

    /// <summary>The hour a span starts in, as whole hours since the Unix epoch (floored, so before 1970 too).</summary>
    public static readonly string HourOfStart = Invariant($"(intDiv(start_unix_nanos, {NanosPerHour}) - (start_unix_nanos % {NanosPerHour} < 0))");

    /// <summary>A span's bucket: <c>ceil(ln(ms) / ln(γ))</c>, as <see cref="LatencyHistogram.Record"/> files it.</summary>
    public static readonly string BucketOfDuration = Invariant($"if(duration_nanos <= 1, {ZeroBucket}, toInt16(ceil(log(duration_nanos / 1000000) / {Math.Log(Gamma):R})))");

    /// <summary>The value the bucket <paramref name="bucket"/> (an SQL expression) reports, in milliseconds, before clamping to the minimum and maximum seen.</summary>
    public static string ValueOf(string bucket) => Invariant($"if(({bucket}) = {ZeroBucket}, 0, 2 * pow({Gamma:R}, {bucket}) / {Gamma + 1:R})");

    /// <summary>The first whole hour at or after <paramref name="unixNanos"/>.</summary>
    public static long FirstHourFrom(long unixNanos)
    {
        var (hour, rest) = Math.DivRem(unixNanos, NanosPerHour);
        return rest > 0 ? hour + 1 : hour;
    }

    /// <summary>The last whole hour that ends at or before <paramref name="unixNanos"/> (inclusive).</summary>
    public static long LastHourTo(long unixNanos) => FloorDiv(unixNanos == long.MaxValue ? unixNanos : unixNanos + 1, NanosPerHour) - 1;

    private static long FloorDiv(long value, long divisor)
    {
        var (quotient, rest) = Math.DivRem(value, divisor);
        return rest < 0 ? quotient - 1 : quotient;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

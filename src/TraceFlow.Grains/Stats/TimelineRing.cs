using System.Collections.Immutable;

namespace TraceFlow.Grains.Stats;

/// <summary>
/// The last hour of what reached the stats grain, in <see cref="BucketSeconds"/>-second buckets by
/// arrival time on the grain's clock. A delta costs one bucket lookup, whatever its span count;
/// a slot is reused once its bucket is an hour old, so the ring never holds more than
/// <see cref="BucketCount"/> buckets.
/// </summary>
internal sealed class TimelineRing
{
    public const int BucketSeconds = 10;
    public const int BucketCount = 360;

    private const long BucketNanos = BucketSeconds * UnixTime.NanosPerSecond;

    private readonly TimelineBucket?[] buckets = new TimelineBucket?[BucketCount];

    /// <summary>The bucket number (whole buckets since the Unix epoch) each slot holds.</summary>
    private readonly long[] numbers = new long[BucketCount];

    public void Add(DateTimeOffset arrival, TraceStatistics delta)
    {
        var number = BucketNumber(arrival);
        var slot = Slot(number);
        if (buckets[slot] is null || numbers[slot] != number)
        {
            buckets[slot] = new TimelineBucket();
            numbers[slot] = number;
        }

        buckets[slot]!.Add(delta);
    }

    /// <summary>
    /// The steps of <paramref name="range"/>, each merging the buckets that start in it; steps
    /// with no bucket of the last hour before <paramref name="now"/> are zeros.
    /// </summary>
    public ImmutableArray<TimelinePoint> Points(TimelineRange range, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(range);
        var newest = BucketNumber(now);
        var merged = new TimelineBucket?[range.PointCount];
        for (var slot = 0; slot < BucketCount; slot++)
        {
            if (buckets[slot] is { } bucket
                && numbers[slot] > newest - BucketCount
                && numbers[slot] <= newest
                && range.PointOf(numbers[slot] * BucketNanos) is { } point)
            {
                (merged[point] ??= new TimelineBucket()).Merge(bucket);
            }
        }

        return [.. merged.Select((bucket, point) => bucket?.ToPoint(range.StartOf(point)) ?? TimelinePoint.Empty(range.StartOf(point)))];
    }

    private static long BucketNumber(DateTimeOffset time) => UnixTime.WholeUnits(UnixTime.Nanos(time), BucketNanos);

    private static int Slot(long number) => (int)(((number % BucketCount) + BucketCount) % BucketCount);
}

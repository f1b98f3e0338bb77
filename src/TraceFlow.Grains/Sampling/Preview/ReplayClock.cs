namespace TraceFlow.Grains.Sampling.Preview;

/// <summary>
/// The clock stateful policies read during a replay: it stands at the start of the trace being
/// decided, so a rate limit sees the stored traces arrive as fast as they really did, not all
/// within the milliseconds the replay takes. It never moves backwards.
/// </summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long utcTicks = start.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public static DateTimeOffset FromUnixNanos(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);

    public void MoveTo(DateTimeOffset time) => utcTicks = Math.Max(utcTicks, time.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(utcTicks, TimeSpan.Zero);

    public override long GetTimestamp() => utcTicks;
}

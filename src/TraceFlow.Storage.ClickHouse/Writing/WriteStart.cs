using TraceFlow.Grains.Storage;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>When the earliest span of one write starts: the nanoseconds, and as the row's date and second.</summary>
internal readonly record struct WriteStart(long UnixNanos, DateTime Time)
{
    public DateTime Date => Time.Date;

    /// <summary>The start of a write with at least one span.</summary>
    public static WriteStart Of(StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var start = trace.Spans.Min(s => s.StartUnixNanos);
        return new(start, DateTime.UnixEpoch.AddTicks(start / 100));
    }
}

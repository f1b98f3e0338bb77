using System.Globalization;
using System.Text;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// The start times a ClickHouse read covers, in Unix nanoseconds, both ends inclusive: the range
/// asked for, or else the default window before its end (before now when no end is given),
/// so that no read scans all of history because a caller left the range out.
/// </summary>
internal readonly record struct QueryWindow(long FromUnixNanos, long? ToUnixNanos)
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Rows dated outside 1970-01-03 … 2106-02-06 are left to the exact nanosecond test alone.</summary>
    private const long MinDatedSecond = 2 * 86_400;
    private const long MaxDatedSecond = uint.MaxValue - 86_400;

    /// <summary>
    /// How long after its trace's first write a later write of the same trace (late spans) may
    /// start and still be read with it where a read starts from <c>trace_index</c> rows in a window.
    /// </summary>
    public static readonly TimeSpan LateWriteMargin = TimeSpan.FromHours(1);

    public static QueryWindow Resolve(long? fromUnixNanos, long? toUnixNanos, TimeSpan defaultLength, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var end = toUnixNanos ?? NowUnixNanos(time);
        return new(fromUnixNanos ?? Subtract(end, defaultLength), toUnixNanos);
    }

    /// <summary>Now, to the millisecond, where a window without an end ends.</summary>
    public static long NowUnixNanos(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
    }

    public bool IsEmpty => ToUnixNanos < FromUnixNanos;

    /// <summary>This window grown by <paramref name="before"/> at its start and <paramref name="after"/> at its end.</summary>
    public QueryWindow Widened(TimeSpan before, TimeSpan after) => new(Subtract(FromUnixNanos, before), ToUnixNanos is { } to ? Add(to, after) : null);

    /// <summary>
    /// Conditions on a table's <c>date</c>, <c>start_time</c> and <c>start_unix_nanos</c> for rows
    /// starting in the window. The day and second columns only let ClickHouse skip partitions
    /// and index ranges (the day with a day's margin, whatever time zone wrote it); the
    /// nanoseconds decide.
    /// </summary>
    public string RowsStarting(SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sql = new StringBuilder();
        var fromSecond = FloorSeconds(FromUnixNanos);
        if (fromSecond is >= MinDatedSecond and <= MaxDatedSecond)
        {
            sql.Append(CultureInfo.InvariantCulture, $"date >= toDate({parameters.Text(Day(fromSecond - 86_400))}) AND start_time >= toDateTime({parameters.Number(fromSecond)}) AND ");
        }

        sql.Append(CultureInfo.InvariantCulture, $"start_unix_nanos >= {parameters.Number(FromUnixNanos)}");
        if (ToUnixNanos is { } end)
        {
            var toSecond = FloorSeconds(end);
            if (toSecond is >= 0 and <= MaxDatedSecond)
            {
                sql.Append(CultureInfo.InvariantCulture, $" AND date <= toDate({parameters.Text(Day(toSecond + 86_400))}) AND start_time <= toDateTime({parameters.Number(toSecond)})");
            }

            sql.Append(CultureInfo.InvariantCulture, $" AND start_unix_nanos <= {parameters.Number(end)}");
        }

        return sql.ToString();
    }

    /// <summary>
    /// A condition on a table's <c>date</c> alone for rows starting in the window (a day's margin
    /// each side), letting ClickHouse skip partitions; true when the window reaches past the dated range.
    /// </summary>
    public string Days(SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var conditions = new List<string>();
        var fromSecond = FloorSeconds(FromUnixNanos);
        if (fromSecond is >= MinDatedSecond and <= MaxDatedSecond)
        {
            conditions.Add($"date >= toDate({parameters.Text(Day(fromSecond - 86_400))})");
        }

        if (ToUnixNanos is { } end && FloorSeconds(end) is var toSecond and >= 0 and <= MaxDatedSecond)
        {
            conditions.Add($"date <= toDate({parameters.Text(Day(toSecond + 86_400))})");
        }

        return conditions.Count == 0 ? "1" : string.Join(" AND ", conditions);
    }

    private static long FloorSeconds(long nanos)
    {
        var (seconds, rest) = Math.DivRem(nanos, NanosPerSecond);
        return rest < 0 ? seconds - 1 : seconds;
    }

    private static string Day(long second) => DateTimeOffset.FromUnixTimeSeconds(second).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long Nanos(TimeSpan span) => span.Ticks > long.MaxValue / 100 ? long.MaxValue : span.Ticks * 100;

    private static long Subtract(long nanos, TimeSpan span) => nanos < long.MinValue + Nanos(span) ? long.MinValue : nanos - Nanos(span);

    private static long Add(long nanos, TimeSpan span) => nanos > long.MaxValue - Nanos(span) ? long.MaxValue : nanos + Nanos(span);
}

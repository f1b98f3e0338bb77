namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// The levels that make ClickHouse's exact quantile functions return nearest-rank p50, p95 and
/// p99: <c>quantilesExact(q)</c> takes the value at 0-based index floor(q·n), the nearest rank
/// is ceil(q·n) − 1, and the two agree for q just below the percentile (exactly up to ten
/// million values, one rank low at most beyond).
/// </summary>
internal static class NearestRankLevels
{
    public const string P50P95P99 = "0.499999999, 0.949999999, 0.989999999";
}

namespace TraceFlow.Grains.Storage;

public static class TraceReaderPaging
{
    /// <summary>
    /// Up to <paramref name="limit"/> matching summaries, newest first, read in pages of at
    /// most <see cref="TraceQuery.MaxLimit"/>: each page ends at the start time where the last
    /// one stopped, and skips the traces of that instant it already returned. Should more
    /// than a page of traces share one start time, the rest of that instant is skipped rather
    /// than read again for ever.
    /// </summary>
    public static async Task<IReadOnlyList<TraceSummary>> FindRecentTracesAsync(this ITraceReader reader, TraceQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<TraceSummary>(Math.Min(limit, TraceQuery.MaxLimit));
        var to = query.StartToUnixNanos;
        var seenAtTo = new HashSet<string>(StringComparer.Ordinal);
        while (result.Count < limit)
        {
            if (seenAtTo.Count >= TraceQuery.MaxLimit)
            {
                to--;
                seenAtTo.Clear();
            }

            var size = Math.Min(TraceQuery.MaxLimit, limit - result.Count + seenAtTo.Count);
            var page = await reader.FindTracesAsync(query with { StartToUnixNanos = to, Limit = size }, cancellationToken).ConfigureAwait(false);
            var added = 0;
            foreach (var summary in page)
            {
                if (result.Count == limit)
                {
                    break;
                }

                if (summary.StartUnixNanos == to && seenAtTo.Contains(summary.TraceId))
                {
                    continue;
                }

                result.Add(summary);
                added++;
                if (summary.StartUnixNanos != to)
                {
                    to = summary.StartUnixNanos;
                    seenAtTo.Clear();
                }

                seenAtTo.Add(summary.TraceId);
            }

            if (page.Count < size || added == 0)
            {
                break; // the store holds no more (or changed under us and has nothing new)
            }
        }

        return result;
    }
}

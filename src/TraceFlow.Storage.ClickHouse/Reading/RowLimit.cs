using System.Globalization;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// LIMIT clauses for caller-chosen counts. Servers before 25.x take no parameter there, so the
/// count is rounded up to a step of a fixed 1-2-5 ladder (the SQL holds only these constants)
/// and the reader trims the rows to the exact count.
/// </summary>
internal static class RowLimit
{
    /// <summary>The smallest step of 1, 2, 5, 10, 20, 50, … not below <paramref name="count"/>, at least 1.</summary>
    public static long StepFor(long count)
    {
        for (long decade = 1; ; decade *= 10)
        {
            foreach (var step in (ReadOnlySpan<long>)[decade, 2 * decade, 5 * decade])
            {
                if (step >= count || step >= long.MaxValue / 10)
                {
                    return step;
                }
            }
        }
    }

    /// <summary>A <c>LIMIT n</c> clause for at least <paramref name="count"/> rows.</summary>
    public static string Clause(long count) => string.Create(CultureInfo.InvariantCulture, $"LIMIT {StepFor(count)}");
}

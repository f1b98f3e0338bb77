using System.Text.RegularExpressions;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// Matches text against a list of values, exactly or (with regular expressions enabled) as
/// unanchored patterns the way the Collector's <c>enabled_regex_matching</c> does. Patterns
/// run without backtracking, so no value can make one slow.
/// </summary>
internal sealed class ValueMatcher
{
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly HashSet<string>? exact;
    private readonly Regex[]? patterns;

    public ValueMatcher(IEnumerable<string> values, bool regex)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (regex)
        {
            patterns = [.. values.Select(v => new Regex(v, PatternOptions))];
        }
        else
        {
            exact = values.Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        }
    }

    public bool Matches(string text)
    {
        if (exact is not null)
        {
            return exact.Contains(text);
        }

        foreach (var pattern in patterns!)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why <paramref name="pattern"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, PatternOptions);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return ex.Message;
        }
    }
}

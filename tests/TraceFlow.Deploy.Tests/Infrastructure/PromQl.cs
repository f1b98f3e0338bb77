using System.Text.RegularExpressions;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>The metric names a PromQL expression reads: enough of PromQL for dashboard queries.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "and", "or", "unless", "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Variables().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !IsFunctionCall(text, m) && !Keywords.Contains(m.Value))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsFunctionCall(string text, Match identifier)
    {
        var rest = text.AsSpan(identifier.Index + identifier.Length).TrimStart();
        return rest.Length > 0 && rest[0] == '(';
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    // by (a, b), without (a), on (a), ignoring (a), group_left (a), group_right (a)
    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}

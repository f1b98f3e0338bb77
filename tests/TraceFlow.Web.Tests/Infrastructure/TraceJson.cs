using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>Reading the API's trace JSON and the UI's duration labels in tests.</summary>
public static partial class TraceJson
{
    public static IReadOnlyList<JsonElement> Spans(this JsonElement trace) => [.. trace.GetProperty("spans").EnumerateArray()];

    public static string Id(this JsonElement span) => span.GetProperty("span_id").GetString()!;

    public static string? ParentId(this JsonElement span) =>
        span.GetProperty("parent_span_id").ValueKind == JsonValueKind.String ? span.GetProperty("parent_span_id").GetString() : null;

    /// <summary>Depth of every span: 0 for a root, a parent's depth + 1 otherwise.</summary>
    public static Dictionary<string, int> Depths(this JsonElement trace)
    {
        var parents = trace.Spans().ToDictionary(Id, ParentId);
        var depths = new Dictionary<string, int>();
        foreach (var id in parents.Keys)
        {
            var depth = 0;
            for (var at = parents[id]; at is not null && parents.ContainsKey(at); at = parents[at])
            {
                depth++;
            }

            depths[id] = depth;
        }

        return depths;
    }

    /// <summary>A label like "12.3 ms", "1.25 s" or "850 µs" in milliseconds.</summary>
    public static double ParseDuration(string label)
    {
        var match = DurationLabel().Match(label);
        Assert.True(match.Success, $"'{label}' is not a duration label");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "µs" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    [GeneratedRegex(@"([0-9][0-9.,]*)\s*(µs|ms|s|min)")]
    private static partial Regex DurationLabel();
}

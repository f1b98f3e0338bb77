using System.Text.RegularExpressions;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>
/// The TraceFlow option sections that code binds, found in src/ by their
/// <c>SectionName = "TraceFlow:X"</c> constant, with the settable properties of the declaring file.
/// </summary>
internal static partial class OptionSections
{
    /// <summary>Sections a <c>TraceFlow__X__...</c> key may name: bound today or planned in the design.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "Gateway", "Cluster", "Sampling", "Traces", "Stats", "Storage", "Ingest", "Otlp", "Silo", "ClickHouse",
    };

    /// <summary>
    /// Cluster keys issue 10 ("Scale out") names, which the cluster work adds to
    /// <c>TraceFlowClusterOptions</c> in parallel with the manifests: accepted while the options
    /// class lacks them, checked like every other key once it has them.
    /// </summary>
    public static readonly IReadOnlySet<(string Section, string Key)> Pending = new HashSet<(string, string)>
    {
        ("Cluster", "Membership"), ("Cluster", "RedisConnectionString"), ("Cluster", "AdvertisedAddress"),
    };

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> FindInSource()
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        var src = Repo.PathOf("src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var section = SectionPattern().Match(text);
            if (!section.Success)
            {
                continue;
            }

            var properties = PropertyPattern().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            result[section.Groups["section"].Value] = properties;
        }

        return result;
    }

    /// <summary>Splits <c>TraceFlow__Sampling__SampleRate</c> into (Sampling, SampleRate); null for other keys.</summary>
    public static (string Section, string? Key)? Parse(string variable)
    {
        var parts = variable.Split("__");
        if (parts.Length < 2 || !string.Equals(parts[0], "TraceFlow", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return (parts[1], parts.Length > 2 ? parts[2] : null);
    }

    [GeneratedRegex("""SectionName\s*=\s*"TraceFlow:(?<section>[A-Za-z]+)"\s*;""")]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"public\s+(?:required\s+)?[\w<>\[\]?,.]+(?:\s*<[^>]*>)?\??\s+(?<name>[A-Za-z_]\w*)\s*\{\s*get;\s*(?:set|init);")]
    private static partial Regex PropertyPattern();
}

using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// Reads the OpenTelemetry Collector's <c>tail_sampling</c> settings out of a document, as
/// configuration keys relative to the block (<c>decision_wait</c>, <c>policies:0:name</c>…).
/// The block may be the whole document, sit under <c>tail_sampling:</c>, or be a processor of
/// a whole Collector configuration (<c>processors: tail_sampling:</c> or
/// <c>processors: tail_sampling/NAME:</c>), so a Collector file can be used as it is.
/// </summary>
public static class CollectorDocument
{
    public const string BlockName = "tail_sampling";

    private const string Processors = "processors";

    /// <exception cref="CollectorDocumentException">The text is malformed or holds no usable block.</exception>
    public static IReadOnlyDictionary<string, string?> ReadTailSampling(string text, CollectorFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = format == CollectorFormat.Json ? JsonFlattener.Flatten(text) : YamlFlattener.Flatten(text);
        return Block(all, BlockPrefix(all.Keys));
    }

    private static string BlockPrefix(IEnumerable<string> keys)
    {
        var tops = keys.Select(First).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (tops.Contains(Processors))
        {
            var names = keys
                .Where(k => k.StartsWith(Processors + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
                .Select(k => First(k[(Processors.Length + 1)..]))
                .Where(IsTailSampling)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.Ordinal)
                .ToList();
            return names.Count switch
            {
                0 => throw new CollectorDocumentException($"processors: no {BlockName} processor ({BlockName} or {BlockName}/NAME) is configured"),
                > 1 => throw new CollectorDocumentException($"processors: several {BlockName} processors ({string.Join(", ", names)}); give one"),
                _ => ConfigurationPath.Combine(Processors, names[0]),
            };
        }

        return tops.Contains(BlockName) ? BlockName : "";
    }

    private static bool IsTailSampling(string processor) =>
        processor.Equals(BlockName, StringComparison.OrdinalIgnoreCase)
        || processor.StartsWith(BlockName + "/", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string?> Block(Dictionary<string, string?> all, string prefix)
    {
        if (prefix.Length == 0)
        {
            return all;
        }

        var start = prefix + ConfigurationPath.KeyDelimiter;
        var block = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in all)
        {
            if (key.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            {
                block[key[start.Length..]] = value;
            }
        }

        return block;
    }

    private static string First(string key)
    {
        var end = key.IndexOf(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
        return end < 0 ? key : key[..end];
    }
}

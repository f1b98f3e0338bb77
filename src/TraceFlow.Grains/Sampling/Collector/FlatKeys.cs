using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// Configuration keys and their values as a document is flattened (<c>policies:0:name</c>).
/// YAML aliases let a small document stand for an enormous one, so the number of values and
/// the nesting depth are capped; keys are case-insensitive, as configuration keys are.
/// </summary>
internal sealed class FlatKeys
{
    public const int MaxValues = 10_000;
    public const int MaxDepth = 32;

    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string Child(string path, string key) => path.Length == 0 ? key : ConfigurationPath.Combine(path, key);

    public static string Child(string path, int index) => Child(path, index.ToString(CultureInfo.InvariantCulture));

    /// <param name="where">The position in the document (<c>line 3, column 5: </c>), or empty.</param>
    public void Add(string path, string? value, string where)
    {
        if (Values.Count >= MaxValues)
        {
            throw new CollectorDocumentException(string.Create(CultureInfo.InvariantCulture, $"{where}the document holds more than {MaxValues} values (aliases included)"));
        }

        if (!Values.TryAdd(path, value))
        {
            throw new CollectorDocumentException($"{where}'{path}' is given twice (keys are compared without case)");
        }
    }

    public static void CheckKey(string key, string where)
    {
        if (key.Length == 0 || key.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal))
        {
            throw new CollectorDocumentException($"{where}'{key}' is not usable as a key (it is empty or holds ':')");
        }
    }

    public static void CheckDepth(int depth, string where)
    {
        if (depth > MaxDepth)
        {
            throw new CollectorDocumentException(string.Create(CultureInfo.InvariantCulture, $"{where}the document nests deeper than {MaxDepth} levels"));
        }
    }
}

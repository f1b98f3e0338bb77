using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>
/// Loads YAML (every document of a stream, with <c>&lt;&lt;: *anchor</c> merge keys applied as
/// docker compose applies them) and walks it without a schema.
/// </summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(new MergingParser(new Parser(reader)));
        }

        var documents = new List<YamlMappingNode>();
        foreach (var document in stream.Documents)
        {
            switch (document.RootNode)
            {
                case YamlMappingNode map:
                    documents.Add(map);
                    break;
                case YamlScalarNode { Value: null or "" }:
                    break; // an empty document, e.g. after a trailing ---
                default:
                    Assert.Fail($"{Repo.Relative(path)}: a document's root is a {document.RootNode.NodeType}, not a mapping");
                    break;
            }
        }

        return documents;
    }

    public static YamlMappingNode LoadSingle(string path)
    {
        var documents = LoadDocuments(path);
        Assert.True(documents.Count == 1, $"{Repo.Relative(path)} holds {documents.Count} documents, expected 1");
        return documents[0];
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Map(this YamlNode? node, string key) => node.Get(key) as YamlMappingNode;

    public static IReadOnlyList<YamlNode> Seq(this YamlNode? node, string key) =>
        node.Get(key) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static string? Str(this YamlNode? node, string key) => node.Get(key).Scalar();

    public static string? Scalar(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>A mapping of scalars as a dictionary (keys in file order); empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> ScalarMap(this YamlNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                result[key.Scalar() ?? ""] = value.Scalar() ?? "";
            }
        }

        return result;
    }
}

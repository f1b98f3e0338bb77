using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// YAML to configuration keys, on YamlDotNet's representation model: mappings nest keys,
/// sequence items become <c>:0</c>, <c>:1</c>…, scalars are kept as the text they are
/// (<c>10s</c> stays <c>10s</c>), and YAML's null forms become null.
/// </summary>
internal static class YamlFlattener
{
    public static Dictionary<string, string?> Flatten(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CollectorDocumentException($"{At(ex.Start)}{BareMessage(ex)}", ex);
        }
        catch (ArgumentException ex)
        {
            // The representation model refuses a repeated key this way.
            throw new CollectorDocumentException($"not valid YAML: {ex.Message}", ex);
        }

        switch (stream.Documents.Count)
        {
            case 0:
                throw new CollectorDocumentException("the document is empty");
            case > 1:
                throw new CollectorDocumentException(string.Create(CultureInfo.InvariantCulture, $"{At(stream.Documents[1].RootNode.Start)}expected one YAML document, found {stream.Documents.Count}"));
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode)
        {
            throw new CollectorDocumentException($"{At(root.Start)}expected a mapping (key: value lines) at the top of the document");
        }

        var keys = new FlatKeys();
        Visit(root, "", 0, keys);
        return keys.Values;
    }

    private static void Visit(YamlNode node, string path, int depth, FlatKeys keys)
    {
        var where = At(node.Start);
        FlatKeys.CheckDepth(depth, where);
        switch (node)
        {
            case YamlMappingNode mapping:
                if (mapping.Children.Count == 0 && path.Length > 0)
                {
                    keys.Add(path, null, where);
                }

                foreach (var (keyNode, value) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new CollectorDocumentException($"{At(keyNode.Start)}a key must be plain text");
                    }

                    FlatKeys.CheckKey(key, At(keyNode.Start));
                    Visit(value, FlatKeys.Child(path, key), depth + 1, keys);
                }

                break;
            case YamlSequenceNode sequence:
                if (sequence.Children.Count == 0)
                {
                    keys.Add(path, null, where);
                }

                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Visit(sequence.Children[i], FlatKeys.Child(path, i), depth + 1, keys);
                }

                break;
            case YamlScalarNode scalar:
                keys.Add(path, IsNull(scalar) ? null : scalar.Value, where);
                break;
            default:
                throw new CollectorDocumentException($"{where}unsupported YAML node '{node.NodeType}'");
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null
        || (scalar.Tag.IsGlobal && scalar.Tag.Value == "tag:yaml.org,2002:null")
        || (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

    private static string At(Mark mark) =>
        string.Create(CultureInfo.InvariantCulture, $"line {mark.Line}, column {mark.Column}: ");

    /// <summary>YamlDotNet prefixes its messages with both marks; the caller gives the start once, readably.</summary>
    private static string BareMessage(YamlException ex)
    {
        var message = ex.Message;
        var end = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && end >= 0 ? message[(end + 3)..] : message;
    }
}

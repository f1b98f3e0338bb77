using System.Globalization;
using System.Text.Json;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// JSON to configuration keys, the way <c>appsettings.json</c> is read: objects nest keys,
/// array items become <c>:0</c>, <c>:1</c>…, numbers keep their text, null stays null;
/// comments and trailing commas are allowed.
/// </summary>
internal static class JsonFlattener
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = FlatKeys.MaxDepth + 1,
    };

    public static Dictionary<string, string?> Flatten(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            throw new CollectorDocumentException($"{At(ex)}{BareMessage(ex)}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CollectorDocumentException($"expected a JSON object at the top of the document, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var keys = new FlatKeys();
            Visit(document.RootElement, "", 0, keys);
            return keys.Values;
        }
    }

    private static void Visit(JsonElement element, string path, int depth, FlatKeys keys)
    {
        FlatKeys.CheckDepth(depth, "");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    FlatKeys.CheckKey(property.Name, path.Length == 0 ? "" : $"{path}: ");
                    Visit(property.Value, FlatKeys.Child(path, property.Name), depth + 1, keys);
                }

                if (!any && path.Length > 0)
                {
                    keys.Add(path, null, "");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, FlatKeys.Child(path, index++), depth + 1, keys);
                }

                if (index == 0)
                {
                    keys.Add(path, null, "");
                }

                break;
            case JsonValueKind.String:
                keys.Add(path, element.GetString(), "");
                break;
            case JsonValueKind.Null:
                keys.Add(path, null, "");
                break;
            case JsonValueKind.True:
                keys.Add(path, "true", "");
                break;
            case JsonValueKind.False:
                keys.Add(path, "false", "");
                break;
            default:
                keys.Add(path, element.GetRawText(), "");
                break;
        }
    }

    private static string At(JsonException ex) =>
        ex.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: ")
            : "";

    /// <summary>System.Text.Json appends the position in its own words; the caller gives it once, 1-based.</summary>
    private static string BareMessage(JsonException ex)
    {
        var message = ex.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position >= 0 ? message[..position] : message;
    }
}

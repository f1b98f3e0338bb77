using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// Writes an attribute value as an OTLP JSON <c>AnyValue</c>, typed by its
/// <see cref="AttributeValueType"/>: integers as decimal strings, arrays and key/value
/// lists rebuilt from the JSON text they are stored as, bytes as base64.
/// </summary>
public static class OtlpJsonAnyValue
{
    private static readonly JsonDocumentOptions StoredJson = new() { MaxDepth = 64 };

    public static void Write(Utf8JsonWriter writer, SpanAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var value = attribute.Value ?? "";
        switch (attribute.Type)
        {
            case AttributeValueType.BoolValue when bool.TryParse(value, out var flag):
                writer.WriteStartObject();
                writer.WriteBoolean("boolValue", flag);
                writer.WriteEndObject();
                return;
            case AttributeValueType.IntValue when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                writer.WriteStartObject();
                writer.WriteString("intValue", integer.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                return;
            case AttributeValueType.DoubleValue when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteStartObject();
                WriteDouble(writer, number);
                writer.WriteEndObject();
                return;
            case AttributeValueType.BytesValue:
                writer.WriteStartObject();
                writer.WriteString("bytesValue", value);
                writer.WriteEndObject();
                return;
            case AttributeValueType.ArrayValue or AttributeValueType.KeyValueListValue when TryParseStored(value, attribute.Type, out var document):
                using (document)
                {
                    WriteElement(writer, document.RootElement);
                }

                return;
            default:
                // Strings, and any value whose stored text does not fit its type, as text.
                writer.WriteStartObject();
                writer.WriteString("stringValue", value);
                writer.WriteEndObject();
                return;
        }
    }

    /// <summary>A key/value list: <c>[{"key":…,"value":AnyValue}]</c> under <paramref name="propertyName"/>.</summary>
    public static void WriteKeyValues(Utf8JsonWriter writer, string propertyName, IEnumerable<SpanAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(attributes);
        writer.WriteStartArray(propertyName);
        foreach (var attribute in attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("key", attribute.Key);
            writer.WritePropertyName("value");
            Write(writer, attribute);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool TryParseStored(string text, AttributeValueType type, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(text, StoredJson);
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }

        var expected = type == AttributeValueType.ArrayValue ? JsonValueKind.Array : JsonValueKind.Object;
        if (document.RootElement.ValueKind == expected)
        {
            return true;
        }

        document.Dispose();
        return false;
    }

    /// <summary>
    /// A JSON value as an <c>AnyValue</c>. The stored text keeps no type beyond JSON's, so a
    /// number written without fraction or exponent that fits 64 bits is taken as an integer.
    /// </summary>
    private static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        writer.WriteStartObject();
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteString("stringValue", element.GetString());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBoolean("boolValue", element.GetBoolean());
                break;
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && element.TryGetInt64(out var integer))
                {
                    writer.WriteString("intValue", integer.ToString(CultureInfo.InvariantCulture));
                }
                else if (element.TryGetDouble(out var number))
                {
                    WriteDouble(writer, number);
                }
                else
                {
                    writer.WriteString("stringValue", raw);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteStartObject("arrayValue");
                writer.WriteStartArray("values");
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject("kvlistValue");
                writer.WriteStartArray("values");
                foreach (var property in element.EnumerateObject())
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", property.Name);
                    writer.WritePropertyName("value");
                    WriteElement(writer, property.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                // null: an AnyValue with no value set.
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>proto3 JSON writes a double as a number, or as "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteDouble(Utf8JsonWriter writer, double number)
    {
        if (double.IsFinite(number))
        {
            writer.WriteNumber("doubleValue", number);
        }
        else
        {
            writer.WriteString("doubleValue", double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// Turns an OTLP <see cref="AnyValue"/> into the canonical text of <see cref="AttributeValueType"/>,
/// cut to the value length limit: strings at a character boundary, bytes before base64 so the
/// text stays valid base64, arrays and key/value lists element by element so the text stays
/// valid JSON. One instance per request reuses its JSON buffer; not thread-safe.
/// </summary>
internal sealed class OtlpValueFormatter(int maxLength) : IDisposable
{
    // Stored text is data, never markup: keep non-ASCII and '<' readable; every renderer escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> buffer = new(256);
    private Utf8JsonWriter? writer;

    /// <summary>The value's text and type; <paramref name="truncated"/> when it had to be cut.</summary>
    public string Format(AnyValue? value, out AttributeValueType type, out bool truncated)
    {
        truncated = false;
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                type = AttributeValueType.StringValue;
                return Truncate(value!.StringValue, maxLength, ref truncated);
            case AnyValue.ValueOneofCase.BoolValue:
                type = AttributeValueType.BoolValue;
                return value!.BoolValue ? "true" : "false";
            case AnyValue.ValueOneofCase.IntValue:
                type = AttributeValueType.IntValue;
                return value!.IntValue.ToString(CultureInfo.InvariantCulture);
            case AnyValue.ValueOneofCase.DoubleValue:
                type = AttributeValueType.DoubleValue;
                return value!.DoubleValue.ToString("R", CultureInfo.InvariantCulture);
            case AnyValue.ValueOneofCase.BytesValue:
                type = AttributeValueType.BytesValue;
                return Base64(value!.BytesValue, ref truncated);
            case AnyValue.ValueOneofCase.ArrayValue:
                type = AttributeValueType.ArrayValue;
                return Json(value!, ref truncated);
            case AnyValue.ValueOneofCase.KvlistValue:
                type = AttributeValueType.KeyValueListValue;
                return Json(value!, ref truncated);
            default:
                // An empty AnyValue (no case set) is OTLP's null; the model has no null, so it is empty text.
                type = AttributeValueType.StringValue;
                return string.Empty;
        }
    }

    public void Dispose() => writer?.Dispose();

    /// <summary>At most <paramref name="limit"/> characters, never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int limit, ref bool truncated)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        truncated = true;
        var cut = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return text[..cut];
    }

    private string Base64(ByteString bytes, ref bool truncated)
    {
        // Four base64 characters per three bytes: cut the bytes, so the text still decodes.
        var maxBytes = maxLength / 4 * 3;
        var span = bytes.Span;
        if (span.Length > maxBytes)
        {
            truncated = true;
            span = span[..maxBytes];
        }

        return Convert.ToBase64String(span);
    }

    private string Json(AnyValue value, ref bool truncated)
    {
        var json = StartWriting();
        WriteValue(json, value);
        json.Flush();

        // UTF-8 never has fewer bytes than UTF-16 has characters, so a short buffer is short text.
        if (buffer.WrittenCount <= maxLength)
        {
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (text.Length <= maxLength)
        {
            return text;
        }

        truncated = true;
        return JsonWithinLimit(value);
    }

    /// <summary>The leading elements (or entries) that fit the limit, in a closed array (or object).</summary>
    private string JsonWithinLimit(AnyValue value)
    {
        var json = StartWriting();
        var isArray = value.ValueCase == AnyValue.ValueOneofCase.ArrayValue;
        var fits = 1;
        if (isArray)
        {
            json.WriteStartArray();
            foreach (var item in value.ArrayValue.Values)
            {
                WriteValue(json, item);
                if (!StillFits(json, ref fits))
                {
                    break;
                }
            }
        }
        else
        {
            json.WriteStartObject();
            foreach (var entry in value.KvlistValue.Values)
            {
                json.WritePropertyName(entry.Key);
                WriteValue(json, entry.Value);
                if (!StillFits(json, ref fits))
                {
                    break;
                }
            }
        }

        json.Flush();
        return string.Concat(Encoding.UTF8.GetString(buffer.WrittenSpan[..fits]), isArray ? "]" : "}");
    }

    /// <summary>True while the text so far plus a closing bracket fits; <paramref name="fits"/> is the longest prefix that does.</summary>
    private bool StillFits(Utf8JsonWriter json, ref int fits)
    {
        json.Flush();
        if (buffer.WrittenCount + 1 > maxLength)
        {
            return false;
        }

        fits = buffer.WrittenCount;
        return true;
    }

    private Utf8JsonWriter StartWriting()
    {
        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        return writer;
    }

    private static void WriteValue(Utf8JsonWriter json, AnyValue? value)
    {
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                json.WriteStringValue(value!.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.WriteBooleanValue(value!.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                json.WriteNumberValue(value!.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value!.DoubleValue):
                json.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                // JSON has no NaN or infinities; proto3 JSON writes them as these strings.
                json.WriteStringValue(value!.DoubleValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                json.WriteBase64StringValue(value!.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartArray();
                foreach (var item in value!.ArrayValue.Values)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject();
                foreach (var entry in value!.KvlistValue.Values)
                {
                    json.WritePropertyName(entry.Key);
                    WriteValue(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}

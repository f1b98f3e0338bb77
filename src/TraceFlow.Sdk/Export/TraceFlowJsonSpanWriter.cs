using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Writes finished activities as the collector's <c>POST /api/spans</c> body, by hand with
/// <see cref="Utf8JsonWriter"/>: no reflection, no intermediate objects per span.
/// </summary>
internal static class TraceFlowJsonSpanWriter
{
    private const double TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<Activity> batch, string serviceName)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray("spans"u8);
        foreach (var activity in batch)
        {
            WriteSpan(writer, activity, serviceName);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Activity activity, string serviceName)
    {
        writer.WriteStartObject();
        writer.WriteString("trace_id"u8, activity.TraceId.ToHexString());
        writer.WriteString("span_id"u8, activity.SpanId.ToHexString());
        if (activity.ParentSpanId != default)
        {
            writer.WriteString("parent_span_id"u8, activity.ParentSpanId.ToHexString());
        }

        writer.WriteString("service"u8, serviceName);
        writer.WriteString("operation"u8, activity.DisplayName);
        writer.WriteNumber("start_unix_ms"u8, UnixMillis(activity.StartTimeUtc));
        writer.WriteNumber("duration_ms"u8, activity.Duration.Ticks / TicksPerMillisecond);
        writer.WriteString("kind"u8, KindName(activity.Kind));
        var (status, message) = SpanStatus.Of(activity);
        writer.WriteString("status"u8, status);
        if (message is not null)
        {
            writer.WriteString("status_message"u8, message);
        }

        writer.WriteStartObject("attributes"u8);
        WriteAttributes(writer, activity.TagObjects);
        writer.WriteEndObject();

        if (activity.Events.Any())
        {
            writer.WriteStartArray("events"u8);
            foreach (var activityEvent in activity.Events)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, activityEvent.Name);
                writer.WriteNumber("time_unix_ms"u8, UnixMillis(activityEvent.Timestamp.UtcDateTime));
                writer.WriteStartObject("attributes"u8);
                WriteAttributes(writer, activityEvent.Tags);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, value) in tags)
        {
            switch (value)
            {
                case null:
                    break;
                case string text:
                    writer.WriteString(key, text);
                    break;
                case bool flag:
                    writer.WriteBoolean(key, flag);
                    break;
                case int or long or short or sbyte or byte or ushort or uint:
                    writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                    writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case IEnumerable items and not string:
                    writer.WriteString(key, JoinArray(items));
                    break;
                default:
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    /// <summary>The TraceFlow JSON format has scalar attributes; an array travels as its JSON text.</summary>
    private static string JoinArray(IEnumerable items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                switch (item)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case bool flag:
                        writer.WriteBooleanValue(flag);
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    default:
                        writer.WriteRawValue(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "null", skipInputValidation: false);
                        break;
                }
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static double UnixMillis(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TicksPerMillisecond;

    private static string KindName(ActivityKind kind) => kind switch
    {
        ActivityKind.Server => "server",
        ActivityKind.Client => "client",
        ActivityKind.Producer => "producer",
        ActivityKind.Consumer => "consumer",
        _ => "internal",
    };
}

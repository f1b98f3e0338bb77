using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Writes finished activities as an OTLP/HTTP JSON <c>ExportTraceServiceRequest</c>, following
/// OTLP's JSON rules: hex ids, lowerCamelCase names, 64-bit integers as strings, enums as numbers.
/// One resource (the service), one scope per <c>ActivitySource</c>.
/// </summary>
internal static class OtlpJsonSpanWriter
{
    private static readonly string SdkVersion = typeof(OtlpJsonSpanWriter).Assembly.GetName().Version?.ToString() ?? "0";

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<Activity> batch, string serviceName)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray("resourceSpans"u8);
        writer.WriteStartObject();
        writer.WriteStartObject("resource"u8);
        writer.WriteStartArray("attributes"u8);
        WriteAttribute(writer, "service.name", serviceName);
        WriteAttribute(writer, "telemetry.sdk.name", "traceflow");
        WriteAttribute(writer, "telemetry.sdk.language", "dotnet");
        WriteAttribute(writer, "telemetry.sdk.version", SdkVersion);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartArray("scopeSpans"u8);
        foreach (var scope in batch.GroupBy(a => (a.Source.Name, a.Source.Version)))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("scope"u8);
            writer.WriteString("name"u8, scope.Key.Name);
            if (!string.IsNullOrEmpty(scope.Key.Version))
            {
                writer.WriteString("version"u8, scope.Key.Version);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("spans"u8);
            foreach (var activity in scope)
            {
                WriteSpan(writer, activity);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Activity activity)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId"u8, activity.TraceId.ToHexString());
        writer.WriteString("spanId"u8, activity.SpanId.ToHexString());
        if (activity.ParentSpanId != default)
        {
            writer.WriteString("parentSpanId"u8, activity.ParentSpanId.ToHexString());
        }

        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            writer.WriteString("traceState"u8, activity.TraceStateString);
        }

        writer.WriteNumber("flags"u8, (int)activity.ActivityTraceFlags);
        writer.WriteString("name"u8, activity.DisplayName);
        writer.WriteNumber("kind"u8, Kind(activity.Kind));
        writer.WriteString("startTimeUnixNano"u8, UnixNanos(activity.StartTimeUtc));
        writer.WriteString("endTimeUnixNano"u8, UnixNanos(activity.StartTimeUtc + activity.Duration));
        writer.WriteStartArray("attributes"u8);
        foreach (var (key, value) in activity.TagObjects)
        {
            WriteAttribute(writer, key, value);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("events"u8);
        foreach (var activityEvent in activity.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("timeUnixNano"u8, UnixNanos(activityEvent.Timestamp.UtcDateTime));
            writer.WriteString("name"u8, activityEvent.Name);
            writer.WriteStartArray("attributes"u8);
            foreach (var (key, value) in activityEvent.Tags)
            {
                WriteAttribute(writer, key, value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("links"u8);
        foreach (var link in activity.Links)
        {
            writer.WriteStartObject();
            writer.WriteString("traceId"u8, link.Context.TraceId.ToHexString());
            writer.WriteString("spanId"u8, link.Context.SpanId.ToHexString());
            if (!string.IsNullOrEmpty(link.Context.TraceState))
            {
                writer.WriteString("traceState"u8, link.Context.TraceState);
            }

            writer.WriteStartArray("attributes"u8);
            foreach (var (key, value) in link.Tags ?? [])
            {
                WriteAttribute(writer, key, value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        var (status, message) = SpanStatus.Of(activity);
        writer.WriteStartObject("status"u8);
        writer.WriteNumber("code"u8, status switch { "ok" => 1, "error" => 2, _ => 0 });
        if (message is not null)
        {
            writer.WriteString("message"u8, message);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, string key, object? value)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("key"u8, key);
        writer.WritePropertyName("value"u8);
        WriteAnyValue(writer, value);
        writer.WriteEndObject();
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, object? value)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case string text:
                writer.WriteString("stringValue"u8, text);
                break;
            case bool flag:
                writer.WriteBoolean("boolValue"u8, flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteString("intValue"u8, Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double or float:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    writer.WriteNumber("doubleValue"u8, number);
                }
                else
                {
                    // JSON has no NaN or infinity; OTLP JSON spells them as strings.
                    writer.WriteString("doubleValue"u8, number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case byte[] bytes:
                writer.WriteBase64String("bytesValue"u8, bytes);
                break;
            case IEnumerable items:
                writer.WriteStartObject("arrayValue"u8);
                writer.WriteStartArray("values"u8);
                foreach (var item in items)
                {
                    WriteAnyValue(writer, item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteString("stringValue"u8, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }

        writer.WriteEndObject();
    }

    private static string UnixNanos(DateTime utc) =>
        ((utc - DateTime.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);

    private static int Kind(ActivityKind kind) => kind switch
    {
        ActivityKind.Server => 2,
        ActivityKind.Client => 3,
        ActivityKind.Producer => 4,
        ActivityKind.Consumer => 5,
        _ => 1,
    };
}

using System.Text.Json;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// Exact searches in the <c>events</c> column, which holds a span's events as JSON text
/// (<see cref="SpanDetails"/>): the text the writer produces for an event name or an event
/// attribute, cut before the field that follows. JSON escapes every quote inside a string, so
/// <c>{"name":"x","time":</c> can only occur where an event named x was written, never inside
/// some other value.
/// </summary>
internal static class EventText
{
    /// <summary>The start of an event named <paramref name="name"/>.</summary>
    public static string Name(string name)
    {
        var json = JsonSerializer.Serialize(new SpanDetails.EventJson(name, 0, null, 0), SpanDetailsJsonContext.Default.EventJson);
        return Through(json, ",\"time\":");
    }

    /// <summary>An event attribute with this key and text value, whatever its type.</summary>
    public static string Attribute(string key, string value)
    {
        var json = JsonSerializer.Serialize(new SpanDetails.AttributeJson(key, value, 0), SpanDetailsJsonContext.Default.AttributeJson);
        return Through(json, ",\"t\":");
    }

    /// <summary>The JSON up to and including the last <paramref name="field"/> (escaped values cannot contain it).</summary>
    private static string Through(string json, string field) => json[..(json.LastIndexOf(field, StringComparison.Ordinal) + field.Length)];
}

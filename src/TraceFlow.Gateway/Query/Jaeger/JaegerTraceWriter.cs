using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// Writes a stored trace as the Jaeger UI's JSON trace (<c>internal/uimodel</c>). The OTel
/// parts of a span map as Jaeger's OTLP translator maps them: resource → process, kind,
/// status, scope and trace state → tags, events → logs, links → <c>FOLLOWS_FROM</c> references.
/// </summary>
internal static class JaegerTraceWriter
{
    /// <summary>Integers beyond ±(2^53 − 1) lose precision in JavaScript, so Jaeger sends them as strings.</summary>
    private const long MaxSafeInteger = (1L << 53) - 1;

    private const long NanosPerMicro = 1_000;

    public static void Write(Utf8JsonWriter writer, StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trace);
        var processIds = new Dictionary<ResourceIdentity, string>();
        var processes = new List<ResourceIdentity>();
        writer.WriteStartObject();
        writer.WriteString("traceID", JaegerTraceIds.ToJaeger(trace.Key.TraceId));
        writer.WriteStartArray("spans");
        foreach (var span in trace.Spans.OrderBy(s => s.StartUnixNanos).ThenBy(s => s.SpanId, StringComparer.Ordinal))
        {
            var identity = ResourceIdentity.Of(span);
            if (!processIds.TryGetValue(identity, out var processId))
            {
                processId = string.Create(CultureInfo.InvariantCulture, $"p{processIds.Count + 1}");
                processIds.Add(identity, processId);
                processes.Add(identity);
            }

            WriteSpan(writer, span, processId);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("processes");
        foreach (var process in processes)
        {
            writer.WriteStartObject(processIds[process]);
            writer.WriteString("serviceName", process.Service);
            writer.WriteStartArray("tags");
            foreach (var attribute in process.Attributes)
            {
                if (attribute.Key != ResourceIdentity.ServiceNameAttribute)
                {
                    WriteKeyValue(writer, attribute);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNull("warnings");
        writer.WriteEndObject();
    }

    /// <summary>A typed key/value: <c>{"key","type","value"}</c> with type string, bool, int64, float64 or binary.</summary>
    public static void WriteKeyValue(Utf8JsonWriter writer, SpanAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("key", attribute.Key);
        var value = attribute.Value ?? "";
        switch (attribute.Type)
        {
            case AttributeValueType.BoolValue when bool.TryParse(value, out var flag):
                writer.WriteString("type", "bool");
                writer.WriteBoolean("value", flag);
                break;
            case AttributeValueType.IntValue when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                writer.WriteString("type", "int64");
                if (integer is >= -MaxSafeInteger and <= MaxSafeInteger)
                {
                    writer.WriteNumber("value", integer);
                }
                else
                {
                    writer.WriteString("value", value);
                }

                break;
            case AttributeValueType.DoubleValue when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteString("type", "float64");
                if (double.IsFinite(number))
                {
                    writer.WriteNumber("value", number);
                }
                else
                {
                    // JSON has no NaN or infinity; the canonical text says which it is.
                    writer.WriteString("value", value);
                }

                break;
            case AttributeValueType.BytesValue:
                writer.WriteString("type", "binary");
                writer.WriteString("value", value);
                break;
            default:
                // Strings, and arrays and key/value lists as their JSON text, as Jaeger's translator does.
                writer.WriteString("type", "string");
                writer.WriteString("value", value);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span, string processId)
    {
        var traceId = JaegerTraceIds.ToJaeger(span.TraceId);
        writer.WriteStartObject();
        writer.WriteString("traceID", traceId);
        writer.WriteString("spanID", span.SpanId);
        writer.WriteString("operationName", span.Operation);
        WriteReferences(writer, span, traceId);
        writer.WriteNumber("startTime", span.StartUnixNanos / NanosPerMicro);
        writer.WriteNumber("duration", span.DurationNanos / NanosPerMicro);
        WriteTags(writer, span);
        WriteLogs(writer, span);
        writer.WriteString("processID", processId);
        writer.WriteNull("warnings");
        writer.WriteEndObject();
    }

    /// <summary>The parent first, as the one <c>CHILD_OF</c> clients look for; then links, after it.</summary>
    private static void WriteReferences(Utf8JsonWriter writer, Span span, string traceId)
    {
        writer.WriteStartArray("references");
        // A span naming itself as parent is a root (see TraceTree); a self-reference would loop the UI.
        var parent = span.ParentSpanId is { } id && id != span.SpanId ? id : null;
        if (parent is not null)
        {
            WriteReference(writer, "CHILD_OF", traceId, parent);
        }

        foreach (var link in span.Links.IsDefault ? [] : span.Links)
        {
            if (parent is not null && link.TraceId == span.TraceId && link.SpanId == parent)
            {
                continue;
            }

            WriteReference(writer, IsChildOfLink(link) ? "CHILD_OF" : "FOLLOWS_FROM", JaegerTraceIds.ToJaeger(link.TraceId), link.SpanId);
        }

        writer.WriteEndArray();
    }

    /// <summary>Links converted from Jaeger's own extra <c>CHILD_OF</c> references say so in <c>opentracing.ref_type</c>.</summary>
    private static bool IsChildOfLink(SpanLink link) =>
        !link.Attributes.IsDefault && link.Attributes.Any(a => a.Key == "opentracing.ref_type" && a.Value == "child_of");

    private static void WriteReference(Utf8JsonWriter writer, string type, string traceId, string spanId)
    {
        writer.WriteStartObject();
        writer.WriteString("refType", type);
        writer.WriteString("traceID", traceId);
        writer.WriteString("spanID", spanId);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Scope tags, the span's attributes, then the tags the translator derives from the span
    /// (kind, status, error, trace state). A derived tag replaces an attribute of the same key.
    /// </summary>
    private static void WriteTags(Utf8JsonWriter writer, Span span)
    {
        var leading = new List<SpanAttribute>(2);
        if (span.Scope is { } scope)
        {
            AddIfPresent(leading, "otel.scope.name", scope.Name);
            AddIfPresent(leading, "otel.scope.version", scope.Version);
        }

        var trailing = new List<SpanAttribute>(5);
        if (span.Kind is not (SpanKind.Internal or SpanKind.Unspecified))
        {
            trailing.Add(new SpanAttribute("span.kind", JaegerSpanKinds.Name(span.Kind)!));
        }

        if (span.Status != SpanStatusCode.Unset)
        {
            trailing.Add(new SpanAttribute("otel.status_code", span.IsError ? "ERROR" : "OK"));
        }

        if (span.IsError)
        {
            trailing.Add(new SpanAttribute("error", "true", AttributeValueType.BoolValue));
        }

        AddIfPresent(trailing, "otel.status_description", span.StatusMessage);
        AddIfPresent(trailing, "w3c.tracestate", span.TraceState);

        writer.WriteStartArray("tags");
        foreach (var tag in leading)
        {
            WriteKeyValue(writer, tag);
        }

        foreach (var attribute in span.Attributes.IsDefault ? [] : span.Attributes)
        {
            if (!leading.Exists(t => t.Key == attribute.Key) && !trailing.Exists(t => t.Key == attribute.Key))
            {
                WriteKeyValue(writer, attribute);
            }
        }

        foreach (var tag in trailing)
        {
            WriteKeyValue(writer, tag);
        }

        writer.WriteEndArray();
    }

    private static void AddIfPresent(List<SpanAttribute> tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags.Add(new SpanAttribute(key, value));
        }
    }

    /// <summary>Events become logs whose first field is <c>event</c> = the name, unless an attribute already says <c>event</c>.</summary>
    private static void WriteLogs(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartArray("logs");
        foreach (var spanEvent in (span.Events.IsDefault ? [] : span.Events).OrderBy(e => e.TimeUnixNanos))
        {
            var attributes = spanEvent.Attributes.IsDefault ? [] : spanEvent.Attributes;
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", spanEvent.TimeUnixNanos / NanosPerMicro);
            writer.WriteStartArray("fields");
            if (!string.IsNullOrEmpty(spanEvent.Name) && !attributes.Any(a => a.Key == "event"))
            {
                WriteKeyValue(writer, new SpanAttribute("event", spanEvent.Name));
            }

            foreach (var attribute in attributes)
            {
                WriteKeyValue(writer, attribute);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

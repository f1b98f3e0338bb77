using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// Writes spans as OTLP JSON (<c>TracesData</c>, the body of an OTLP/HTTP JSON export) by the
/// protocol's JSON rules: hex ids, lowerCamelCase keys, 64-bit integers as decimal strings,
/// enums as integers. Spans are grouped by resource, then by instrumentation scope.
/// </summary>
public static class OtlpJsonTraceWriter
{
    /// <summary><c>{"resourceSpans":[…]}</c> for the given traces, each trace's spans grouped on their own.</summary>
    public static void WriteTracesData(Utf8JsonWriter writer, IEnumerable<IReadOnlyList<Span>> traces)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(traces);
        writer.WriteStartObject();
        writer.WriteStartArray("resourceSpans");
        foreach (var spans in traces)
        {
            WriteResourceSpans(writer, spans);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The <c>ResourceSpans</c> objects of one set of spans, into an array the caller has opened:
    /// one per distinct service and resource, each with one <c>ScopeSpans</c> per scope, spans by start time.
    /// </summary>
    public static void WriteResourceSpans(Utf8JsonWriter writer, IReadOnlyList<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(spans);
        var resources = new Dictionary<ResourceIdentity, Dictionary<ScopeIdentity, List<Span>>>();
        var resourceOrder = new List<ResourceIdentity>();
        var scopeOrder = new Dictionary<ResourceIdentity, List<ScopeIdentity>>();
        foreach (var span in spans.OrderBy(s => s.StartUnixNanos).ThenBy(s => s.SpanId, StringComparer.Ordinal))
        {
            var resource = ResourceIdentity.Of(span);
            if (!resources.TryGetValue(resource, out var scopes))
            {
                scopes = [];
                resources.Add(resource, scopes);
                resourceOrder.Add(resource);
                scopeOrder.Add(resource, []);
            }

            var scope = new ScopeIdentity(span.Scope);
            if (!scopes.TryGetValue(scope, out var members))
            {
                members = [];
                scopes.Add(scope, members);
                scopeOrder[resource].Add(scope);
            }

            members.Add(span);
        }

        foreach (var resource in resourceOrder)
        {
            writer.WriteStartObject();
            WriteResource(writer, resource);
            writer.WriteStartArray("scopeSpans");
            foreach (var scope in scopeOrder[resource])
            {
                writer.WriteStartObject();
                WriteScope(writer, scope.Scope);
                writer.WriteStartArray("spans");
                foreach (var span in resources[resource][scope])
                {
                    WriteSpan(writer, span);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>One OTLP <c>Span</c>. Empty optional fields (parent, trace state, flags, dropped counts, events, links) are left out, as proto3 JSON does.</summary>
    public static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(span);
        writer.WriteStartObject();
        writer.WriteString("traceId", JaegerTraceIds.ToOtlp(span.TraceId));
        writer.WriteString("spanId", span.SpanId);
        WriteIfPresent(writer, "traceState", span.TraceState);
        WriteIfPresent(writer, "parentSpanId", span.ParentSpanId);
        if (span.Flags != 0)
        {
            writer.WriteNumber("flags", span.Flags);
        }

        writer.WriteString("name", span.Operation);
        writer.WriteNumber("kind", (int)span.Kind);
        writer.WriteString("startTimeUnixNano", Nanos(span.StartUnixNanos));
        writer.WriteString("endTimeUnixNano", Nanos(span.EndUnixNanos));
        OtlpJsonAnyValue.WriteKeyValues(writer, "attributes", AttributeSequence.Normalize(span.Attributes));
        WriteCount(writer, "droppedAttributesCount", span.Dropped.Attributes);
        var events = span.Events.IsDefault ? [] : span.Events;
        if (!events.IsEmpty)
        {
            writer.WriteStartArray("events");
            foreach (var spanEvent in events.OrderBy(e => e.TimeUnixNanos))
            {
                writer.WriteStartObject();
                writer.WriteString("timeUnixNano", Nanos(spanEvent.TimeUnixNanos));
                writer.WriteString("name", spanEvent.Name);
                OtlpJsonAnyValue.WriteKeyValues(writer, "attributes", AttributeSequence.Normalize(spanEvent.Attributes));
                WriteCount(writer, "droppedAttributesCount", spanEvent.DroppedAttributesCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, "droppedEventsCount", span.Dropped.Events);
        var links = span.Links.IsDefault ? [] : span.Links;
        if (!links.IsEmpty)
        {
            writer.WriteStartArray("links");
            foreach (var link in links)
            {
                writer.WriteStartObject();
                writer.WriteString("traceId", JaegerTraceIds.ToOtlp(link.TraceId));
                writer.WriteString("spanId", link.SpanId);
                WriteIfPresent(writer, "traceState", link.TraceState);
                OtlpJsonAnyValue.WriteKeyValues(writer, "attributes", AttributeSequence.Normalize(link.Attributes));
                WriteCount(writer, "droppedAttributesCount", link.DroppedAttributesCount);
                if (link.Flags != 0)
                {
                    writer.WriteNumber("flags", link.Flags);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteCount(writer, "droppedLinksCount", span.Dropped.Links);
        writer.WriteStartObject("status");
        WriteIfPresent(writer, "message", span.StatusMessage);
        writer.WriteNumber("code", (int)span.Status);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The resource's attributes, with <c>service.name</c> first from the span's service when the sender gave no resource.</summary>
    private static void WriteResource(Utf8JsonWriter writer, ResourceIdentity resource)
    {
        var attributes = resource.Attributes.Any(a => a.Key == ResourceIdentity.ServiceNameAttribute)
            ? resource.Attributes
            : resource.Attributes.Insert(0, new SpanAttribute(ResourceIdentity.ServiceNameAttribute, resource.Service));
        writer.WriteStartObject("resource");
        OtlpJsonAnyValue.WriteKeyValues(writer, "attributes", attributes);
        writer.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter writer, SpanScope? scope)
    {
        writer.WriteStartObject("scope");
        if (scope is not null)
        {
            WriteIfPresent(writer, "name", scope.Name);
            WriteIfPresent(writer, "version", scope.Version);
            var attributes = AttributeSequence.Normalize(scope.Attributes);
            if (!attributes.IsEmpty)
            {
                OtlpJsonAnyValue.WriteKeyValues(writer, "attributes", attributes);
            }

            WriteCount(writer, "droppedAttributesCount", scope.DroppedAttributesCount);
        }

        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, int count)
    {
        if (count > 0)
        {
            writer.WriteNumber(name, count);
        }
    }

    private static string Nanos(long unixNanos) => unixNanos.ToString(CultureInfo.InvariantCulture);

    /// <summary>Scopes compared by value; <see cref="SpanScope"/>'s record equality compares its attribute array by reference.</summary>
    private sealed class ScopeIdentity(SpanScope? scope) : IEquatable<ScopeIdentity>
    {
        public SpanScope? Scope { get; } = scope;

        public bool Equals(ScopeIdentity? other) =>
            other is not null
            && (ReferenceEquals(Scope, other.Scope)
                || (Scope is not null && other.Scope is not null
                    && Scope.Name == other.Scope.Name
                    && Scope.Version == other.Scope.Version
                    && Scope.DroppedAttributesCount == other.Scope.DroppedAttributesCount
                    && AttributeSequence.Equal(Scope.Attributes, other.Scope.Attributes)));

        public override bool Equals(object? obj) => Equals(obj as ScopeIdentity);

        public override int GetHashCode() =>
            Scope is null ? 0 : HashCode.Combine(Scope.Name, Scope.Version, AttributeSequence.Hash(Scope.Attributes));
    }
}

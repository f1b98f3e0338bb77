using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>
/// A span's nested parts (scope, events, links) as the JSON text kept in their String
/// columns: they are read back whole with the span, never searched column by column.
/// </summary>
internal static class SpanDetails
{
    public static string Scope(SpanScope? scope) =>
        scope is null ? "" : JsonSerializer.Serialize(new ScopeJson(scope.Name, scope.Version, Attributes(scope.Attributes), scope.DroppedAttributesCount), SpanDetailsJsonContext.Default.ScopeJson);

    public static string Events(ImmutableArray<SpanEvent> events) =>
        events.IsEmpty ? "" : JsonSerializer.Serialize([.. events.Select(e => new EventJson(e.Name, e.TimeUnixNanos, Attributes(e.Attributes), e.DroppedAttributesCount))], SpanDetailsJsonContext.Default.EventJsonArray);

    public static string Links(ImmutableArray<SpanLink> links) =>
        links.IsEmpty ? "" : JsonSerializer.Serialize([.. links.Select(l => new LinkJson(l.TraceId, l.SpanId, l.TraceState, Attributes(l.Attributes), l.DroppedAttributesCount, l.Flags))], SpanDetailsJsonContext.Default.LinkJsonArray);

    public static SpanScope? ReadScope(string json)
    {
        if (json.Length == 0)
        {
            return null;
        }

        var scope = JsonSerializer.Deserialize(json, SpanDetailsJsonContext.Default.ScopeJson)!;
        return new SpanScope { Name = scope.Name, Version = scope.Version, Attributes = Attributes(scope.Attributes), DroppedAttributesCount = scope.Dropped };
    }

    public static ImmutableArray<SpanEvent> ReadEvents(string json) =>
        json.Length == 0
            ? []
            : [.. JsonSerializer.Deserialize(json, SpanDetailsJsonContext.Default.EventJsonArray)!.Select(e =>
                new SpanEvent { Name = e.Name, TimeUnixNanos = e.Time, Attributes = Attributes(e.Attributes), DroppedAttributesCount = e.Dropped })];

    public static ImmutableArray<SpanLink> ReadLinks(string json) =>
        json.Length == 0
            ? []
            : [.. JsonSerializer.Deserialize(json, SpanDetailsJsonContext.Default.LinkJsonArray)!.Select(l =>
                new SpanLink { TraceId = l.TraceId, SpanId = l.SpanId, TraceState = l.TraceState, Attributes = Attributes(l.Attributes), DroppedAttributesCount = l.Dropped, Flags = l.Flags })];

    private static AttributeJson[] Attributes(ImmutableArray<SpanAttribute> attributes) =>
        [.. attributes.Select(a => new AttributeJson(a.Key, a.Value, (byte)a.Type))];

    private static ImmutableArray<SpanAttribute> Attributes(AttributeJson[]? attributes) =>
        attributes is null ? [] : [.. attributes.Select(a => new SpanAttribute(a.Key, a.Value, (AttributeValueType)a.Type))];

    internal sealed record AttributeJson([property: JsonPropertyName("k")] string Key, [property: JsonPropertyName("v")] string Value, [property: JsonPropertyName("t")] byte Type);

    internal sealed record ScopeJson(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("attributes")] AttributeJson[]? Attributes,
        [property: JsonPropertyName("dropped")] int Dropped);

    internal sealed record EventJson(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("time")] long Time,
        [property: JsonPropertyName("attributes")] AttributeJson[]? Attributes,
        [property: JsonPropertyName("dropped")] int Dropped);

    internal sealed record LinkJson(
        [property: JsonPropertyName("trace_id")] string TraceId,
        [property: JsonPropertyName("span_id")] string SpanId,
        [property: JsonPropertyName("trace_state")] string? TraceState,
        [property: JsonPropertyName("attributes")] AttributeJson[]? Attributes,
        [property: JsonPropertyName("dropped")] int Dropped,
        [property: JsonPropertyName("flags")] uint Flags);
}

[JsonSerializable(typeof(SpanDetails.ScopeJson))]
[JsonSerializable(typeof(SpanDetails.EventJson[]))]
[JsonSerializable(typeof(SpanDetails.LinkJson[]))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SpanDetailsJsonContext : JsonSerializerContext;

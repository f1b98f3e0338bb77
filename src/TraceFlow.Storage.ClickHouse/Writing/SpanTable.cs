using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>The <c>spans</c> table's columns, and a span as a row of them and back.</summary>
internal static class SpanTable
{
    public const string Name = "spans";

    /// <summary>Column names and types, in insert order (types given so the server is never asked).</summary>
    public static readonly TableColumns Columns = new(
        ("date", "Date"), ("start_time", "DateTime"), ("tenant", "String"), ("trace_id", "String"), ("span_id", "String"),
        ("shared", "UInt8"), ("parent_span_id", "String"), ("service", "String"), ("operation", "String"), ("kind", "UInt8"),
        ("start_unix_nanos", "Int64"), ("duration_nanos", "Int64"), ("status", "UInt8"), ("status_message", "String"),
        ("trace_state", "String"), ("flags", "UInt32"),
        ("attribute_keys", "Array(String)"), ("attribute_values", "Array(String)"), ("attribute_types", "Array(UInt8)"),
        ("resource_keys", "Array(String)"), ("resource_values", "Array(String)"), ("resource_types", "Array(UInt8)"),
        ("scope", "String"), ("events", "String"), ("links", "String"),
        ("dropped_attributes", "UInt32"), ("dropped_events", "UInt32"), ("dropped_links", "UInt32"), ("sampling_policy", "String"));

    /// <summary>The columns a trace read selects (everything but the partitioning copies of the start).</summary>
    public static readonly string SelectList = string.Join(", ", Columns.Names.Where(c => c is not ("date" or "start_time")));

    /// <summary>The trace's key, not the span's own copy of the id, says where the span is stored.</summary>
    public static object[] Row(TraceKey trace, Span span, string samplingPolicy)
    {
        var start = DateTime.UnixEpoch.AddTicks(span.StartUnixNanos / 100);
        return
        [
            start.Date, start, trace.Tenant, trace.TraceId, span.SpanId, (byte)(span.Shared ? 1 : 0), span.ParentSpanId ?? "", span.Service,
            span.Operation, (byte)span.Kind, span.StartUnixNanos, span.DurationNanos, (byte)span.Status, span.StatusMessage ?? "",
            span.TraceState ?? "", span.Flags,
            Keys(span.Attributes), Values(span.Attributes), Types(span.Attributes),
            Keys(span.ResourceAttributes), Values(span.ResourceAttributes), Types(span.ResourceAttributes),
            SpanDetails.Scope(span.Scope), SpanDetails.Events(span.Events), SpanDetails.Links(span.Links),
            (uint)span.Dropped.Attributes, (uint)span.Dropped.Events, (uint)span.Dropped.Links, samplingPolicy,
        ];
    }

    /// <summary>A span from a <c>JSONEachRow</c> row of <see cref="SelectList"/>.</summary>
    public static Span Read(JsonElement row) => new()
    {
        TraceId = Text(row, "trace_id"),
        SpanId = Text(row, "span_id"),
        Shared = Int(row, "shared") != 0,
        ParentSpanId = Text(row, "parent_span_id") is { Length: > 0 } parent ? parent : null,
        Service = Text(row, "service"),
        Operation = Text(row, "operation"),
        Kind = (SpanKind)Int(row, "kind"),
        StartUnixNanos = Int(row, "start_unix_nanos"),
        DurationNanos = Int(row, "duration_nanos"),
        Status = (SpanStatusCode)Int(row, "status"),
        StatusMessage = Text(row, "status_message") is { Length: > 0 } message ? message : null,
        TraceState = Text(row, "trace_state") is { Length: > 0 } state ? state : null,
        Flags = (uint)Int(row, "flags"),
        Attributes = Attributes(row, "attribute"),
        ResourceAttributes = Attributes(row, "resource"),
        Scope = SpanDetails.ReadScope(Text(row, "scope")),
        Events = SpanDetails.ReadEvents(Text(row, "events")),
        Links = SpanDetails.ReadLinks(Text(row, "links")),
        Dropped = new SpanDroppedCounts((int)Int(row, "dropped_attributes"), (int)Int(row, "dropped_events"), (int)Int(row, "dropped_links")),
    };

    public static string Text(JsonElement row, string column) => row.GetProperty(column).GetString() ?? "";

    /// <summary>A number column; JSONEachRow quotes 64-bit integers by default.</summary>
    public static long Int(JsonElement row, string column) => Int(row.GetProperty(column));

    /// <summary>A number value, quoted or not.</summary>
    public static long Int(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();

    private static string[] Keys(ImmutableArray<SpanAttribute> attributes) => [.. attributes.Select(a => a.Key)];

    private static string[] Values(ImmutableArray<SpanAttribute> attributes) => [.. attributes.Select(a => a.Value)];

    private static byte[] Types(ImmutableArray<SpanAttribute> attributes) => [.. attributes.Select(a => (byte)a.Type)];

    private static ImmutableArray<SpanAttribute> Attributes(JsonElement row, string prefix)
    {
        var keys = row.GetProperty(prefix + "_keys");
        var values = row.GetProperty(prefix + "_values");
        var types = row.GetProperty(prefix + "_types");
        var attributes = ImmutableArray.CreateBuilder<SpanAttribute>(keys.GetArrayLength());
        for (var i = 0; i < keys.GetArrayLength(); i++)
        {
            attributes.Add(new SpanAttribute(keys[i].GetString() ?? "", values[i].GetString() ?? "", (AttributeValueType)types[i].GetByte()));
        }

        return attributes.MoveToImmutable();
    }
}

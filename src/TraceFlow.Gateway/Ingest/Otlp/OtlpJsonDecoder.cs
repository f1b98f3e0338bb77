using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Resource.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;
using OtlpStatus = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Status;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// Reads OTLP JSON (<c>POST /v1/traces</c>, <c>application/json</c>) with
/// <see cref="Utf8JsonReader"/> into the protobuf request, so both encodings share one mapper.
/// OTLP's rules: keys are lowerCamelCase (the snake_case proto names are unknown fields, and
/// unknown fields are ignored); trace and span ids are hex, either case; 64-bit integers come
/// as strings or numbers; enums are integers. Leniencies: enum names (<c>"SPAN_KIND_SERVER"</c>)
/// and URL-safe base64 are accepted too, and null means the default, as in proto3 JSON.
/// A value of the wrong JSON type fails the whole request; an id that is not hex refuses only
/// its span.
/// </summary>
internal static class OtlpJsonDecoder
{
    private const int MaxDepth = 64;

    private static readonly string[] SpanKindNames =
    [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ];

    private static readonly string[] StatusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    public static OtlpJsonDecodeResult Decode(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var problems = new Dictionary<OtlpSpan, SpanProblem>(ReferenceEqualityComparer.Instance);
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Failed("The body is empty; send an ExportTraceServiceRequest JSON object, e.g. {\"resourceSpans\":[]}.");
        }

        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Failed("The body must be a JSON object (an ExportTraceServiceRequest).");
            }

            var request = new ExportTraceServiceRequest();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("resourceSpans"u8))
                {
                    reader.Read();
                    if (BeginArray(ref reader, "resourceSpans"))
                    {
                        while (NextElement(ref reader))
                        {
                            request.ResourceSpans.Add(ReadResourceSpans(ref reader, problems));
                        }
                    }
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (reader.Read())
            {
                return Failed("The body must hold exactly one JSON object.");
            }

            return new OtlpJsonDecodeResult(request, problems.Count == 0 ? null : problems, null);
        }
        catch (JsonException ex)
        {
            return Failed($"The body is not a valid OTLP JSON ExportTraceServiceRequest: {ex.Message}");
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            // Utf8JsonReader checks UTF-8 only when a string is read, and then throws this instead of a JsonException.
            return Failed(string.Create(CultureInfo.InvariantCulture, $"The body is not valid UTF-8: a string near byte {reader.TokenStartIndex} holds invalid bytes."));
        }
    }

    private static OtlpJsonDecodeResult Failed(string error) => new(null, null, error);

    private static ResourceSpans ReadResourceSpans(ref Utf8JsonReader reader, Dictionary<OtlpSpan, SpanProblem> problems)
    {
        var resourceSpans = new ResourceSpans();
        ExpectObject(ref reader, "resourceSpans[]");
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("resource"u8))
            {
                reader.Read();
                resourceSpans.Resource = ReadResource(ref reader);
            }
            else if (reader.ValueTextEquals("scopeSpans"u8))
            {
                reader.Read();
                if (BeginArray(ref reader, "scopeSpans"))
                {
                    while (NextElement(ref reader))
                    {
                        resourceSpans.ScopeSpans.Add(ReadScopeSpans(ref reader, problems));
                    }
                }
            }
            else if (reader.ValueTextEquals("schemaUrl"u8))
            {
                reader.Read();
                resourceSpans.SchemaUrl = ReadString(ref reader, "schemaUrl");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return resourceSpans;
    }

    private static Resource? ReadResource(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "resource");
        var resource = new Resource();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, resource.Attributes, "resource.attributes");
            }
            else if (reader.ValueTextEquals("droppedAttributesCount"u8))
            {
                reader.Read();
                resource.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return resource;
    }

    private static ScopeSpans ReadScopeSpans(ref Utf8JsonReader reader, Dictionary<OtlpSpan, SpanProblem> problems)
    {
        ExpectObject(ref reader, "scopeSpans[]");
        var scopeSpans = new ScopeSpans();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("scope"u8))
            {
                reader.Read();
                scopeSpans.Scope = ReadScope(ref reader);
            }
            else if (reader.ValueTextEquals("spans"u8))
            {
                reader.Read();
                if (BeginArray(ref reader, "spans"))
                {
                    while (NextElement(ref reader))
                    {
                        scopeSpans.Spans.Add(ReadSpan(ref reader, problems));
                    }
                }
            }
            else if (reader.ValueTextEquals("schemaUrl"u8))
            {
                reader.Read();
                scopeSpans.SchemaUrl = ReadString(ref reader, "schemaUrl");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return scopeSpans;
    }

    private static InstrumentationScope? ReadScope(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "scope");
        var scope = new InstrumentationScope();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                scope.Name = ReadString(ref reader, "scope.name");
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                scope.Version = ReadString(ref reader, "scope.version");
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, scope.Attributes, "scope.attributes");
            }
            else if (reader.ValueTextEquals("droppedAttributesCount"u8))
            {
                reader.Read();
                scope.DroppedAttributesCount = ReadUInt32(ref reader, "scope.droppedAttributesCount");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return scope;
    }

    private static OtlpSpan ReadSpan(ref Utf8JsonReader reader, Dictionary<OtlpSpan, SpanProblem> problems)
    {
        ExpectObject(ref reader, "spans[]");
        var span = new OtlpSpan();
        SpanProblem? idProblem = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("traceId"u8))
            {
                reader.Read();
                span.TraceId = ReadId(ref reader, "trace_id", ref idProblem);
            }
            else if (reader.ValueTextEquals("spanId"u8))
            {
                reader.Read();
                span.SpanId = ReadId(ref reader, "span_id", ref idProblem);
            }
            else if (reader.ValueTextEquals("parentSpanId"u8))
            {
                reader.Read();
                span.ParentSpanId = ReadId(ref reader, "parent_span_id", ref idProblem);
            }
            else if (reader.ValueTextEquals("traceState"u8))
            {
                reader.Read();
                span.TraceState = ReadString(ref reader, "traceState");
            }
            else if (reader.ValueTextEquals("flags"u8))
            {
                reader.Read();
                span.Flags = ReadUInt32(ref reader, "flags");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                span.Name = ReadString(ref reader, "name");
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                span.Kind = (OtlpSpan.Types.SpanKind)ReadEnum(ref reader, "kind", SpanKindNames);
            }
            else if (reader.ValueTextEquals("startTimeUnixNano"u8))
            {
                reader.Read();
                span.StartTimeUnixNano = ReadUInt64(ref reader, "startTimeUnixNano");
            }
            else if (reader.ValueTextEquals("endTimeUnixNano"u8))
            {
                reader.Read();
                span.EndTimeUnixNano = ReadUInt64(ref reader, "endTimeUnixNano");
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, span.Attributes, "attributes");
            }
            else if (reader.ValueTextEquals("droppedAttributesCount"u8))
            {
                reader.Read();
                span.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
            }
            else if (reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                if (BeginArray(ref reader, "events"))
                {
                    while (NextElement(ref reader))
                    {
                        span.Events.Add(ReadEvent(ref reader));
                    }
                }
            }
            else if (reader.ValueTextEquals("droppedEventsCount"u8))
            {
                reader.Read();
                span.DroppedEventsCount = ReadUInt32(ref reader, "droppedEventsCount");
            }
            else if (reader.ValueTextEquals("links"u8))
            {
                reader.Read();
                if (BeginArray(ref reader, "links"))
                {
                    while (NextElement(ref reader))
                    {
                        span.Links.Add(ReadLink(ref reader, span.Links.Count, ref idProblem));
                    }
                }
            }
            else if (reader.ValueTextEquals("droppedLinksCount"u8))
            {
                reader.Read();
                span.DroppedLinksCount = ReadUInt32(ref reader, "droppedLinksCount");
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                span.Status = ReadStatus(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (idProblem is { } problem)
        {
            problems[span] = problem;
        }

        return span;
    }

    private static OtlpSpan.Types.Event ReadEvent(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "events[]");
        var spanEvent = new OtlpSpan.Types.Event();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("timeUnixNano"u8))
            {
                reader.Read();
                spanEvent.TimeUnixNano = ReadUInt64(ref reader, "events[].timeUnixNano");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                spanEvent.Name = ReadString(ref reader, "events[].name");
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, spanEvent.Attributes, "events[].attributes");
            }
            else if (reader.ValueTextEquals("droppedAttributesCount"u8))
            {
                reader.Read();
                spanEvent.DroppedAttributesCount = ReadUInt32(ref reader, "events[].droppedAttributesCount");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return spanEvent;
    }

    private static OtlpSpan.Types.Link ReadLink(ref Utf8JsonReader reader, int index, ref SpanProblem? idProblem)
    {
        ExpectObject(ref reader, "links[]");
        var link = new OtlpSpan.Types.Link();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("traceId"u8))
            {
                reader.Read();
                link.TraceId = ReadId(ref reader, string.Create(CultureInfo.InvariantCulture, $"links[{index}].trace_id"), ref idProblem);
            }
            else if (reader.ValueTextEquals("spanId"u8))
            {
                reader.Read();
                link.SpanId = ReadId(ref reader, string.Create(CultureInfo.InvariantCulture, $"links[{index}].span_id"), ref idProblem);
            }
            else if (reader.ValueTextEquals("traceState"u8))
            {
                reader.Read();
                link.TraceState = ReadString(ref reader, "links[].traceState");
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, link.Attributes, "links[].attributes");
            }
            else if (reader.ValueTextEquals("droppedAttributesCount"u8))
            {
                reader.Read();
                link.DroppedAttributesCount = ReadUInt32(ref reader, "links[].droppedAttributesCount");
            }
            else if (reader.ValueTextEquals("flags"u8))
            {
                reader.Read();
                link.Flags = ReadUInt32(ref reader, "links[].flags");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return link;
    }

    private static OtlpStatus? ReadStatus(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader, "status");
        var status = new OtlpStatus();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                status.Message = ReadString(ref reader, "status.message");
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                status.Code = (OtlpStatus.Types.StatusCode)ReadEnum(ref reader, "status.code", StatusCodeNames);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return status;
    }

    /// <summary>An array of <c>{"key":...,"value":{...}}</c> objects (null: none).</summary>
    private static void ReadKeyValues(ref Utf8JsonReader reader, RepeatedField<KeyValue> into, string name)
    {
        if (BeginArray(ref reader, name))
        {
            while (NextElement(ref reader))
            {
                ExpectObject(ref reader, name);
                var keyValue = new KeyValue();
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("key"u8))
                    {
                        reader.Read();
                        keyValue.Key = ReadString(ref reader, name + "[].key");
                    }
                    else if (reader.ValueTextEquals("value"u8))
                    {
                        reader.Read();
                        keyValue.Value = ReadAnyValue(ref reader);
                    }
                    else
                    {
                        SkipValue(ref reader);
                    }
                }

                into.Add(keyValue);
            }
        }
    }

    private static AnyValue ReadAnyValue(ref Utf8JsonReader reader)
    {
        var value = new AnyValue();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return value;
        }

        ExpectObject(ref reader, "value");
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("stringValue"u8))
            {
                reader.Read();
                value.StringValue = ReadString(ref reader, "stringValue");
            }
            else if (reader.ValueTextEquals("boolValue"u8))
            {
                reader.Read();
                value.BoolValue = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw Problem(ref reader, "boolValue must be true or false"),
                };
            }
            else if (reader.ValueTextEquals("intValue"u8))
            {
                reader.Read();
                value.IntValue = ReadInt64(ref reader, "intValue");
            }
            else if (reader.ValueTextEquals("doubleValue"u8))
            {
                reader.Read();
                value.DoubleValue = ReadDouble(ref reader, "doubleValue");
            }
            else if (reader.ValueTextEquals("bytesValue"u8))
            {
                reader.Read();
                value.BytesValue = ReadBase64(ref reader, "bytesValue");
            }
            else if (reader.ValueTextEquals("arrayValue"u8))
            {
                reader.Read();
                value.ArrayValue = ReadArrayValue(ref reader);
            }
            else if (reader.ValueTextEquals("kvlistValue"u8))
            {
                reader.Read();
                value.KvlistValue = ReadKeyValueList(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return value;
    }

    /// <summary><c>{"values":[AnyValue...]}</c>; null is an empty array.</summary>
    private static ArrayValue ReadArrayValue(ref Utf8JsonReader reader)
    {
        var array = new ArrayValue();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return array;
        }

        ExpectObject(ref reader, "arrayValue");
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("values"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            reader.Read();
            if (BeginArray(ref reader, "arrayValue.values"))
            {
                while (NextElement(ref reader))
                {
                    array.Values.Add(ReadAnyValue(ref reader));
                }
            }
        }

        return array;
    }

    /// <summary><c>{"values":[KeyValue...]}</c>; null is an empty list.</summary>
    private static KeyValueList ReadKeyValueList(ref Utf8JsonReader reader)
    {
        var list = new KeyValueList();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return list;
        }

        ExpectObject(ref reader, "kvlistValue");
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                ReadKeyValues(ref reader, list.Values, "kvlistValue.values");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return list;
    }

    /// <summary>A hex id (either case) as bytes; a string that is not hex records the span's problem and gives no bytes.</summary>
    private static ByteString ReadId(ref Utf8JsonReader reader, string field, ref SpanProblem? problem)
    {
        var text = ReadString(ref reader, field);
        if (text.Length == 0)
        {
            return ByteString.Empty;
        }

        var bytes = new byte[text.Length / 2];
        if (text.Length % 2 == 0 && Convert.FromHexString(text, bytes, out _, out _) == System.Buffers.OperationStatus.Done)
        {
            return UnsafeByteOperations.UnsafeWrap(bytes);
        }

        var shown = text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;
        problem ??= new SpanProblem(field, $"must be hexadecimal (OTLP JSON ids are hex, not base64), got \"{shown}\"");
        return ByteString.Empty;
    }

    private static string ReadString(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Null => string.Empty,
        _ => throw Problem(ref reader, $"{name} must be a string"),
    };

    private static ulong ReadUInt64(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.Null ? 0UL : throw Problem(ref reader, $"{name} must be an unsigned 64-bit integer (a decimal string or number)");
    }

    private static long ReadInt64(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.Null ? 0 : throw Problem(ref reader, $"{name} must be a signed 64-bit integer (a decimal string or number)");
    }

    private static uint ReadUInt32(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && uint.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        return reader.TokenType == JsonTokenType.Null ? 0U : throw Problem(ref reader, $"{name} must be an unsigned 32-bit integer");
    }

    private static double ReadDouble(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            // proto3 JSON spells the non-finite values as strings, and allows numbers in strings.
            switch (reader.GetString())
            {
                case "NaN":
                    return double.NaN;
                case "Infinity":
                    return double.PositiveInfinity;
                case "-Infinity":
                    return double.NegativeInfinity;
                case var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number):
                    return number;
            }
        }

        return reader.TokenType == JsonTokenType.Null ? 0 : throw Problem(ref reader, $"{name} must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
    }

    /// <summary>An enum as its integer (OTLP) or, leniently, its proto name.</summary>
    private static int ReadEnum(ref Utf8JsonReader reader, string name, string[] names)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && Array.IndexOf(names, reader.GetString()) is var index and >= 0)
        {
            return index;
        }

        return reader.TokenType == JsonTokenType.Null ? 0 : throw Problem(ref reader, $"{name} must be an integer");
    }

    private static ByteString ReadBase64(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ByteString.Empty;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.TryGetBytesFromBase64(out var bytes))
            {
                return UnsafeByteOperations.UnsafeWrap(bytes);
            }

            // proto3 JSON also accepts the URL-safe alphabet, with or without padding.
            var text = reader.GetString()!.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var buffer = new byte[text.Length / 4 * 3];
            if (Convert.TryFromBase64String(text, buffer, out var written))
            {
                return ByteString.CopyFrom(buffer, 0, written);
            }
        }

        throw Problem(ref reader, $"{name} must be a base64 string");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>With the reader on a value: true for an array, false for null (an empty list), else fails.</summary>
    private static bool BeginArray(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw Problem(ref reader, $"{name} must be an array"),
    };

    /// <summary>Moves to the next element of the array begun with <see cref="BeginArray"/>; false at its end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    private static void ExpectObject(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Problem(ref reader, $"{name} must be an object");
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static JsonException Problem(ref Utf8JsonReader reader, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} (at byte {reader.TokenStartIndex})."));
}

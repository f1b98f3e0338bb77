using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using TraceFlow.Grains.Traces;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Gateway.Ingest.Json;

/// <summary>
/// Decodes the seed's <c>{"spans":[...]}</c> body with <see cref="Utf8JsonReader"/>: no
/// reflection, no intermediate document. A span with a bad field is rejected with the
/// field's path (<c>duration_ms</c>, <c>events[2].time_unix_ms</c>) while the other spans of
/// the request are kept; unknown fields are ignored.
/// </summary>
internal static class TraceFlowJsonSpanDecoder
{
    private const long NanosPerMilli = 1_000_000;

    /// <summary>Largest start, in milliseconds, whose nanoseconds fit in 64 bits (April 2262).</summary>
    private const long MaxUnixMs = long.MaxValue / NanosPerMilli;

    private static readonly string MillisRangeProblem =
        string.Create(CultureInfo.InvariantCulture, $"must be between 0 and {MaxUnixMs}");

    public static SpanDecodeResult Decode(ReadOnlySpan<byte> utf8Json, IngestOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return SpanDecodeResult.Failed("The body must be a JSON object of the form {\"spans\":[...]}.");
            }

            SpanDecodeResult? result = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSpans = reader.ValueTextEquals("spans"u8);
                reader.Read();
                if (!isSpans)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return SpanDecodeResult.Failed("\"spans\" must be an array of span objects.");
                }

                result = ReadSpans(ref reader, limits);
                if (result.Error is not null)
                {
                    return result;
                }
            }

            if (reader.Read())
            {
                return SpanDecodeResult.Failed("The body must hold exactly one JSON object.");
            }

            if (result is null)
            {
                return SpanDecodeResult.Failed("The body has no \"spans\" array.");
            }

            return result.Spans.Count + result.Rejections.Count == 0
                ? SpanDecodeResult.Failed("\"spans\" is empty: send at least one span.")
                : result;
        }
        catch (JsonException ex)
        {
            return SpanDecodeResult.Failed($"The body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            // Utf8JsonReader checks UTF-8 only when a string is read, and then throws this instead of a JsonException.
            return SpanDecodeResult.Failed(string.Create(CultureInfo.InvariantCulture, $"The body is not valid UTF-8: a string near byte {reader.TokenStartIndex} holds invalid bytes."));
        }
    }

    private static SpanDecodeResult ReadSpans(ref Utf8JsonReader reader, IngestOptions limits)
    {
        var result = new SpanDecodeResult();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= limits.MaxSpansPerRequest)
            {
                return SpanDecodeResult.Failed(
                    string.Create(CultureInfo.InvariantCulture, $"A request may carry at most {limits.MaxSpansPerRequest} spans."),
                    tooManySpans: true);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                result.Rejections.Add(new SpanRejection(index, null, "spans", "each span must be a JSON object"));
            }
            else
            {
                var fields = new SpanFields();
                fields.Read(ref reader, limits);
                result.TruncatedAttributes += fields.TruncatedAttributes;
                result.TruncatedEvents += fields.TruncatedEvents;
                if (fields.ToSpan(limits, out var rejection) is { } span)
                {
                    result.Spans.Add(span);
                }
                else
                {
                    result.Rejections.Add(rejection! with { Index = index });
                }
            }

            index++;
        }

        return result;
    }

    /// <summary>The raw fields of one span object; the first problem found is kept.</summary>
    private struct SpanFields
    {
        private string? traceId, spanId, parentSpanId, service, operation, statusMessage;
        private long? startNanos, durationNanos;
        private SpanStatusCode status;
        private SpanKind kind;
        private ImmutableArray<SpanAttribute>.Builder? attributes;
        private ImmutableArray<SpanEvent>.Builder? events;
        private string? errorField, errorMessage;

        /// <summary>Attribute values and status messages cut, and attributes dropped, on this span and its events.</summary>
        public int TruncatedAttributes { get; private set; }

        /// <summary>Events dropped beyond <see cref="IngestOptions.MaxEventsPerSpan"/>.</summary>
        public int TruncatedEvents { get; private set; }

        public void Read(ref Utf8JsonReader reader, IngestOptions limits)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("trace_id"u8))
                {
                    traceId = ReadString(ref reader, "trace_id");
                }
                else if (reader.ValueTextEquals("span_id"u8))
                {
                    spanId = ReadString(ref reader, "span_id");
                }
                else if (reader.ValueTextEquals("parent_span_id"u8))
                {
                    parentSpanId = ReadString(ref reader, "parent_span_id", allowNull: true);
                }
                else if (reader.ValueTextEquals("service"u8))
                {
                    service = ReadString(ref reader, "service", cached: true);
                }
                else if (reader.ValueTextEquals("operation"u8))
                {
                    operation = ReadString(ref reader, "operation", cached: true);
                }
                else if (reader.ValueTextEquals("start_unix_ms"u8))
                {
                    startNanos = ReadMillis(ref reader, "start_unix_ms");
                }
                else if (reader.ValueTextEquals("duration_ms"u8))
                {
                    durationNanos = ReadMillis(ref reader, "duration_ms");
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    status = ReadStatus(ref reader);
                }
                else if (reader.ValueTextEquals("status_message"u8))
                {
                    statusMessage = ReadStatusMessage(ref reader, limits);
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    kind = ReadKind(ref reader);
                }
                else if (reader.ValueTextEquals("attributes"u8))
                {
                    ReadAttributes(ref reader, limits, ref attributes, eventIndex: -1);
                }
                else if (reader.ValueTextEquals("events"u8))
                {
                    ReadEvents(ref reader, limits);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        public readonly Span? ToSpan(IngestOptions limits, out SpanRejection? rejection)
        {
            (string TraceId, string SpanId, string? ParentSpanId) ids = default;
            var (field, message) = errorField is not null ? (errorField, errorMessage) : Validate(limits, out ids);
            if (field is not null)
            {
                rejection = new SpanRejection(0, spanId, field, message!);
                return null;
            }

            rejection = null;
            return new Span
            {
                TraceId = ids.TraceId!,
                SpanId = ids.SpanId!,
                ParentSpanId = ids.ParentSpanId,
                Service = service!,
                Operation = operation!,
                StartUnixNanos = startNanos!.Value,
                DurationNanos = durationNanos!.Value,
                Status = status,
                StatusMessage = statusMessage,
                Kind = kind,
                Attributes = attributes?.DrainToImmutable() ?? [],
                Events = events?.DrainToImmutable() ?? [],
            };
        }

        /// <summary>Checks required fields and limits; on success, the normalised ids.</summary>
        private readonly (string? Field, string? Message) Validate(IngestOptions limits, out (string TraceId, string SpanId, string? ParentSpanId) ids)
        {
            ids = default;
            var normalizedTrace = SpanIds.Normalize(traceId, out var traceError);
            if (normalizedTrace is null)
            {
                return ("trace_id", traceId is null ? "trace_id is required" : $"trace_id {traceError}");
            }

            var normalizedSpan = SpanIds.Normalize(spanId, out var spanError);
            if (normalizedSpan is null)
            {
                return ("span_id", spanId is null ? "span_id is required" : $"span_id {spanError}");
            }

            string? normalizedParent = null;
            if (!string.IsNullOrEmpty(parentSpanId) && (normalizedParent = SpanIds.Normalize(parentSpanId, out var parentError)) is null)
            {
                return ("parent_span_id", $"parent_span_id {parentError}");
            }

            foreach (var (name, value) in new[] { ("service", service), ("operation", operation) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    return (name, $"{name} is required and must not be blank");
                }

                if (value.Length > limits.MaxNameLength)
                {
                    return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {limits.MaxNameLength} characters"));
                }
            }

            if (startNanos is null)
            {
                return ("start_unix_ms", "start_unix_ms is required");
            }

            if (durationNanos is null)
            {
                return ("duration_ms", "duration_ms is required");
            }

            if (startNanos.Value > long.MaxValue - durationNanos.Value)
            {
                return ("duration_ms", "start_unix_ms + duration_ms is beyond the year 2262");
            }

            ids = (normalizedTrace, normalizedSpan, normalizedParent);
            return (null, null);
        }

        private string? ReadString(ref Utf8JsonReader reader, string field, bool allowNull = false, bool cached = false)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                return cached ? ReadCachedString(ref reader) : reader.GetString();
            }

            if (!(allowNull && reader.TokenType == JsonTokenType.Null))
            {
                Fail(field, $"{field} must be a string");
            }

            reader.Skip();
            return null;
        }

        /// <summary>
        /// Names and attribute values repeat on span after span: plain (unescaped, valid UTF-8)
        /// tokens come from the shared cache instead of a new string each time.
        /// </summary>
        private static string ReadCachedString(ref Utf8JsonReader reader) =>
            !reader.ValueIsEscaped && !reader.HasValueSequence && Utf8.IsValid(reader.ValueSpan)
                ? Utf8StringCache.Shared.GetString(reader.ValueSpan)
                : reader.GetString()!;

        private long? ReadMillis(ref Utf8JsonReader reader, string field)
        {
            reader.Read();
            var nanos = ParseMillis(ref reader, out var problem);
            if (problem is not null)
            {
                Fail(field, $"{field} {problem}");
            }

            return nanos;
        }

        /// <summary>The number under the reader as nanoseconds, or null and what is wrong with it.</summary>
        private static long? ParseMillis(ref Utf8JsonReader reader, out string? problem)
        {
            problem = null;
            if (reader.TokenType != JsonTokenType.Number)
            {
                problem = "must be a number of milliseconds";
                reader.Skip();
                return null;
            }

            if (reader.TryGetInt64(out var whole))
            {
                if (whole is >= 0 and <= MaxUnixMs)
                {
                    return whole * NanosPerMilli;
                }
            }
            else if (reader.TryGetDouble(out var ms) && ms >= 0 && ms <= MaxUnixMs)
            {
                // Whole milliseconds and the fraction apart: ms × 10⁶ in one double would be off by up to 128 ns.
                var wholeMs = Math.Floor(ms);
                return ((long)wholeMs * NanosPerMilli) + (long)Math.Round((ms - wholeMs) * NanosPerMilli);
            }

            problem = MillisRangeProblem;
            return null;
        }

        /// <summary>A string or null; longer messages are cut like attribute values and counted with them.</summary>
        private string? ReadStatusMessage(ref Utf8JsonReader reader, IngestOptions limits)
        {
            var text = ReadString(ref reader, "status_message", allowNull: true);
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (text.Length > limits.MaxAttributeValueLength)
            {
                TruncatedAttributes++;
                return text[..limits.MaxAttributeValueLength];
            }

            return text;
        }

        private SpanStatusCode ReadStatus(ref Utf8JsonReader reader)
        {
            var text = ReadString(ref reader, "status", allowNull: true);
            switch (text?.ToLowerInvariant())
            {
                case null or "" or "unset":
                    return SpanStatusCode.Unset;
                case "ok":
                    return SpanStatusCode.Ok;
                case "error":
                    return SpanStatusCode.Error;
                default:
                    Fail("status", "status must be \"ok\", \"error\" or \"unset\"");
                    return SpanStatusCode.Unset;
            }
        }

        private SpanKind ReadKind(ref Utf8JsonReader reader)
        {
            var text = ReadString(ref reader, "kind", allowNull: true);
            switch (text?.ToLowerInvariant())
            {
                case null or "" or "unspecified":
                    return SpanKind.Unspecified;
                case "internal":
                    return SpanKind.Internal;
                case "server":
                    return SpanKind.Server;
                case "client":
                    return SpanKind.Client;
                case "producer":
                    return SpanKind.Producer;
                case "consumer":
                    return SpanKind.Consumer;
                default:
                    Fail("kind", "kind must be one of internal, server, client, producer, consumer");
                    return SpanKind.Unspecified;
            }
        }

        /// <summary>
        /// Reads an attributes object into <paramref name="into"/>: the span's own when
        /// <paramref name="eventIndex"/> is negative, otherwise that event's.
        /// </summary>
        private void ReadAttributes(ref Utf8JsonReader reader, IngestOptions limits, ref ImmutableArray<SpanAttribute>.Builder? into, int eventIndex)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var field = AttributesField(eventIndex);
                Fail(field, $"{field} must be an object of string values");
                reader.Skip();
                return;
            }

            into ??= ImmutableArray.CreateBuilder<SpanAttribute>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = ReadCachedString(ref reader);
                reader.Read();
                string? value = reader.TokenType switch
                {
                    JsonTokenType.String => ReadCachedString(ref reader),
                    JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => null,
                };
                if (value is null)
                {
                    var field = $"{AttributesField(eventIndex)}.{key}";
                    Fail(field, $"{field} must be a string, number or boolean");
                    reader.Skip();
                    continue;
                }

                if (key.Length == 0 || key.Length > limits.MaxNameLength)
                {
                    var field = AttributesField(eventIndex);
                    Fail(field, eventIndex < 0
                        ? string.Create(CultureInfo.InvariantCulture, $"attribute names must be 1 to {limits.MaxNameLength} characters")
                        : string.Create(CultureInfo.InvariantCulture, $"attribute names in {field} must be 1 to {limits.MaxNameLength} characters"));
                    continue;
                }

                if (into.Count >= limits.MaxAttributesPerSpan)
                {
                    TruncatedAttributes++;
                    continue;
                }

                if (value.Length > limits.MaxAttributeValueLength)
                {
                    value = value[..limits.MaxAttributeValueLength];
                    TruncatedAttributes++;
                }

                into.Add(new SpanAttribute(key, value));
            }
        }

        private void ReadEvents(ref Utf8JsonReader reader, IngestOptions limits)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Fail("events", "events must be an array of event objects");
                reader.Skip();
                return;
            }

            events ??= ImmutableArray.CreateBuilder<SpanEvent>();
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // Events beyond the cap are still checked, as attributes are, so a bad one rejects the span.
                if (ReadEvent(ref reader, limits, index) is { } spanEvent)
                {
                    if (events.Count < limits.MaxEventsPerSpan)
                    {
                        events.Add(spanEvent);
                    }
                    else
                    {
                        TruncatedEvents++;
                    }
                }

                index++;
            }
        }

        /// <summary>One element of <c>events</c>, or null when it is invalid (the problem is recorded).</summary>
        private SpanEvent? ReadEvent(ref Utf8JsonReader reader, IngestOptions limits, int index)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var field = EventField(index, null);
                Fail(field, $"{field} must be a JSON object");
                reader.Skip();
                return null;
            }

            string? name = null;
            long? timeNanos = null;
            ImmutableArray<SpanAttribute>.Builder? eventAttributes = null;
            var valid = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        name = ReadCachedString(ref reader);
                    }
                    else
                    {
                        valid = false;
                        FailEvent(index, "name", "must be a string");
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("time_unix_ms"u8))
                {
                    reader.Read();
                    timeNanos = ParseMillis(ref reader, out var problem);
                    if (problem is not null)
                    {
                        valid = false;
                        FailEvent(index, "time_unix_ms", problem);
                    }
                }
                else if (reader.ValueTextEquals("attributes"u8))
                {
                    ReadAttributes(ref reader, limits, ref eventAttributes, index);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!valid)
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                FailEvent(index, "name", "is required and must not be blank");
                return null;
            }

            if (name.Length > limits.MaxNameLength)
            {
                FailEvent(index, "name", string.Create(CultureInfo.InvariantCulture, $"must be at most {limits.MaxNameLength} characters"));
                return null;
            }

            if (timeNanos is null)
            {
                FailEvent(index, "time_unix_ms", "is required");
                return null;
            }

            return new SpanEvent
            {
                Name = name,
                TimeUnixNanos = timeNanos.Value,
                Attributes = eventAttributes?.DrainToImmutable() ?? [],
            };
        }

        /// <summary>Records a problem with one field of an event, named by its path.</summary>
        private void FailEvent(int index, string property, string problem)
        {
            var field = EventField(index, property);
            Fail(field, $"{field} {problem}");
        }

        private static string AttributesField(int eventIndex) =>
            eventIndex < 0 ? "attributes" : EventField(eventIndex, "attributes");

        private static string EventField(int index, string? property) =>
            property is null
                ? string.Create(CultureInfo.InvariantCulture, $"events[{index}]")
                : string.Create(CultureInfo.InvariantCulture, $"events[{index}].{property}");

        private void Fail(string field, string message)
        {
            if (errorField is null)
            {
                errorField = field;
                errorMessage = message;
            }
        }
    }
}

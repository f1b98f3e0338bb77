using System.Globalization;
using System.Text;
using System.Text.Json;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Decodes Zipkin's JSON v2 body, a list of spans, with <see cref="Utf8JsonReader"/>. A body
/// that is not a JSON list fails whole; a span with a bad field is rejected on its own and the
/// others are kept. Unknown fields are ignored and null counts as absent, as in Zipkin.
/// </summary>
internal static class ZipkinJsonSpanDecoder
{
    public const string NotAList = "Expected a JSON_V2 encoded list of spans: [{\"traceId\":...,\"id\":...}, ...].";

    public static SpanDecodeResult Decode(ReadOnlySpan<byte> utf8Json, IngestOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var body = TrimBom(utf8Json).Trim(" \t\r\n"u8);
        var result = new SpanDecodeResult();
        if (body.IsEmpty)
        {
            return result;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return SpanDecodeResult.Failed(NotAList);
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index >= limits.MaxSpansPerRequest)
                {
                    return SpanDecodeResult.Failed(
                        string.Create(CultureInfo.InvariantCulture, $"A request may carry at most {limits.MaxSpansPerRequest} spans."),
                        tooManySpans: true);
                }

                var fields = new ZipkinSpanFields();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadSpan(ref reader, fields);
                }
                else
                {
                    reader.Skip();
                    fields.Fail("span", "each span must be a JSON object");
                }

                ZipkinSpanMapper.Add(fields, index++, limits, result);
            }

            return reader.Read() ? SpanDecodeResult.Failed(NotAList) : result;
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

    private static ReadOnlySpan<byte> TrimBom(ReadOnlySpan<byte> body) =>
        body.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;

    private static void ReadSpan(ref Utf8JsonReader reader, ZipkinSpanFields span)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("traceId"u8))
            {
                span.TraceId = ReadString(ref reader, span, "traceId");
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                span.Id = ReadString(ref reader, span, "id");
            }
            else if (reader.ValueTextEquals("parentId"u8))
            {
                span.ParentId = ReadString(ref reader, span, "parentId");
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                span.Kind = ReadKind(ref reader, span);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                span.Name = ReadString(ref reader, span, "name");
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                span.Timestamp = ReadMicros(ref reader, span, "timestamp");
            }
            else if (reader.ValueTextEquals("duration"u8))
            {
                span.Duration = ReadMicros(ref reader, span, "duration");
            }
            else if (reader.ValueTextEquals("localEndpoint"u8))
            {
                span.LocalEndpoint = ReadEndpoint(ref reader, span, "localEndpoint");
            }
            else if (reader.ValueTextEquals("remoteEndpoint"u8))
            {
                span.RemoteEndpoint = ReadEndpoint(ref reader, span, "remoteEndpoint");
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                ReadAnnotations(ref reader, span);
            }
            else if (reader.ValueTextEquals("tags"u8))
            {
                ReadTags(ref reader, span);
            }
            else if (reader.ValueTextEquals("debug"u8))
            {
                span.Debug = ReadFlag(ref reader, span, "debug");
            }
            else if (reader.ValueTextEquals("shared"u8))
            {
                span.Shared = ReadFlag(ref reader, span, "shared");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A string value; null when the value is null or of another type (then the problem is recorded).</summary>
    private static string? ReadString(ref Utf8JsonReader reader, ZipkinSpanFields span, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                span.Fail(field, $"{field} must be a string");
                reader.Skip();
                return null;
        }
    }

    private static SpanKind ReadKind(ref Utf8JsonReader reader, ZipkinSpanFields span)
    {
        var text = ReadString(ref reader, span, "kind");
        switch (text?.ToUpperInvariant())
        {
            case null or "":
                return SpanKind.Unspecified;
            case "CLIENT":
                return SpanKind.Client;
            case "SERVER":
                return SpanKind.Server;
            case "PRODUCER":
                return SpanKind.Producer;
            case "CONSUMER":
                return SpanKind.Consumer;
            default:
                span.Fail("kind", "kind must be CLIENT, SERVER, PRODUCER or CONSUMER");
                return SpanKind.Unspecified;
        }
    }

    private static long? ReadMicros(ref Utf8JsonReader reader, ZipkinSpanFields span, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var micros) && micros >= 0)
        {
            return micros;
        }

        span.Fail(field, $"{field} must be a non-negative integer of microseconds");
        reader.Skip();
        return null;
    }

    private static bool ReadFlag(ref Utf8JsonReader reader, ZipkinSpanFields span, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False or JsonTokenType.Null:
                return false;
            default:
                span.Fail(field, $"{field} must be true or false");
                reader.Skip();
                return false;
        }
    }

    private static ZipkinEndpointFields? ReadEndpoint(ref Utf8JsonReader reader, ZipkinSpanFields span, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            span.Fail(field, $"{field} must be an object");
            reader.Skip();
            return null;
        }

        var endpoint = new ZipkinEndpointFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("serviceName"u8))
            {
                endpoint.ServiceName = ReadString(ref reader, span, $"{field}.serviceName");
            }
            else if (reader.ValueTextEquals("ipv4"u8) || reader.ValueTextEquals("ipv6"u8))
            {
                var name = reader.GetString();
                endpoint.SetAddress(ReadString(ref reader, span, $"{field}.{name}"));
            }
            else if (reader.ValueTextEquals("port"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var port))
                {
                    endpoint.SetPort(port);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    span.Fail($"{field}.port", $"{field}.port must be an integer");
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return endpoint;
    }

    private static void ReadAnnotations(ref Utf8JsonReader reader, ZipkinSpanFields span)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            span.Fail("annotations", "annotations must be an array of {\"timestamp\",\"value\"} objects");
            reader.Skip();
            return;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"annotations[{index++}]");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                span.Fail(field, $"{field} must be a JSON object");
                reader.Skip();
                continue;
            }

            long? timestamp = null;
            string? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("timestamp"u8))
                {
                    timestamp = ReadMicros(ref reader, span, $"{field}.timestamp");
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    value = ReadString(ref reader, span, $"{field}.value");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            span.Annotations.Add((timestamp, value));
        }
    }

    private static void ReadTags(ref Utf8JsonReader reader, ZipkinSpanFields span)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            span.Fail("tags", "tags must be an object of string values");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),

                // Zipkin's tags are strings; numbers and booleans from lenient senders keep their text.
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
            if (value is null)
            {
                span.Fail($"tags.{key}", $"tags.{key} must be a string");
                reader.Skip();
                continue;
            }

            span.Tags.Add(new(key, value));
        }
    }
}

using System.Buffers;
using System.Text.Json;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Encoding;

/// <summary>Writes a batch as TraceFlow JSON (<c>{"spans":[...]}</c>) into a buffer reused per worker.</summary>
internal sealed class JsonBodyEncoder : IBodyEncoder
{
    private static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("span_id");
    private static readonly JsonEncodedText ParentSpanIdName = JsonEncodedText.Encode("parent_span_id");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText OperationName = JsonEncodedText.Encode("operation");
    private static readonly JsonEncodedText StartName = JsonEncodedText.Encode("start_unix_ms");
    private static readonly JsonEncodedText DurationName = JsonEncodedText.Encode("duration_ms");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText StatusMessageName = JsonEncodedText.Encode("status_message");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText Ok = JsonEncodedText.Encode("ok");
    private static readonly JsonEncodedText[] Kinds =
    [
        default, JsonEncodedText.Encode("internal"), JsonEncodedText.Encode("server"), JsonEncodedText.Encode("client"),
        JsonEncodedText.Encode("producer"), JsonEncodedText.Encode("consumer"),
    ];

    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    private readonly Utf8JsonWriter writer;

    public JsonBodyEncoder() => writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });

    public TraceIdFormat IdFormat => TraceIdFormat.Hex;

    public ReadOnlyMemory<byte> Encode(RequestBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Span<char> hex = stackalloc char[32];
        writer.WriteStartObject();
        writer.WriteStartArray(Spans);
        foreach (var entry in batch.Entries)
        {
            entry.Trace.Id.WriteHex(hex);
            foreach (var span in entry.Spans)
            {
                WriteSpan(span, hex);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    public void Dispose() => writer.Dispose();

    private void WriteSpan(GeneratedSpan span, ReadOnlySpan<char> traceHex)
    {
        Span<char> id = stackalloc char[16];
        writer.WriteStartObject();
        writer.WriteString(TraceIdName, traceHex);
        WriteHex(id, span.SpanId);
        writer.WriteString(SpanIdName, id);
        if (span.ParentSpanId != 0)
        {
            WriteHex(id, span.ParentSpanId);
            writer.WriteString(ParentSpanIdName, id);
        }

        writer.WriteString(ServiceName, span.Service);
        writer.WriteString(OperationName, span.Operation);
        writer.WriteNumber(StartName, span.StartUnixNanos / 1_000_000d);
        writer.WriteNumber(DurationName, span.DurationNanos / 1_000_000d);
        writer.WriteString(KindName, Kinds[(int)span.Kind]);
        if (span.IsError)
        {
            writer.WriteString(StatusName, Error);
            writer.WriteString(StatusMessageName, span.StatusMessage);
        }
        else if (span.Kind == GeneratedSpanKind.Server)
        {
            writer.WriteString(StatusName, Ok);
        }

        writer.WriteStartObject(AttributesName);
        foreach (var attribute in span.Attributes)
        {
            if (attribute.IsInt)
            {
                writer.WriteNumber(attribute.Key, attribute.IntValue);
            }
            else
            {
                writer.WriteString(attribute.Key, attribute.StringValue);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteHex(Span<char> destination, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }
}

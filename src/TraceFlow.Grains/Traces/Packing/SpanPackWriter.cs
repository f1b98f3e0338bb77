using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace TraceFlow.Grains.Traces.Packing;

/// <summary>
/// Packs the spans of one trace into one byte array (the format is described on
/// <see cref="SpanPack"/>). A live trace holds its spans packed: a byte array has no
/// references for the garbage collector to trace or fix up, which is what keeps buffering
/// millions of spans for the decision wait cheap. One writer is reused per thread.
/// </summary>
internal sealed class SpanPackWriter
{
    [ThreadStatic]
    private static SpanPackWriter? perThread;

    private readonly List<ImmutableArray<SpanAttribute>> resources = [];
    private readonly List<SpanScope> scopes = [];
    private byte[] buffer = new byte[16 * 1024];
    private int position;

    public static byte[] Pack(IEnumerable<Span> spans)
    {
        var writer = perThread ??= new SpanPackWriter();
        writer.position = 0;
        writer.resources.Clear();
        writer.scopes.Clear();
        foreach (var span in spans)
        {
            writer.Write(span);
        }

        var packed = writer.buffer.AsSpan(0, writer.position).ToArray();
        if (writer.buffer.Length > 1024 * 1024)
        {
            writer.buffer = new byte[16 * 1024]; // don't keep a huge trace's buffer per thread
        }

        return packed;
    }

    private void Write(Span span)
    {
        var lengthAt = position;
        Reserve(4);
        position += 4;
        var bits = (span.Shared ? SpanPack.SharedBit : 0)
            | (span.ParentSpanId is null ? 0 : SpanPack.ParentBit)
            | (span.StatusMessage is null ? 0 : SpanPack.StatusMessageBit)
            | (span.TraceState is null ? 0 : SpanPack.TraceStateBit);
        WriteByte((byte)bits);
        WriteString(span.SpanId);
        if (span.ParentSpanId is { } parent)
        {
            WriteString(parent);
        }

        WriteString(span.Service);
        WriteString(span.Operation);
        WriteInt64(span.StartUnixNanos);
        WriteSigned(span.DurationNanos);
        WriteByte((byte)span.Status);
        WriteByte((byte)span.Kind);
        if (span.StatusMessage is { } message)
        {
            WriteString(message);
        }

        if (span.TraceState is { } traceState)
        {
            WriteString(traceState);
        }

        WriteUnsigned(span.Flags);
        WriteSigned(span.Dropped.Attributes);
        WriteSigned(span.Dropped.Events);
        WriteSigned(span.Dropped.Links);
        WriteAttributes(span.Attributes);
        WriteResource(span.ResourceAttributes);
        WriteScope(span.Scope);
        WriteUnsigned((ulong)span.Events.Length);
        foreach (var e in span.Events)
        {
            WriteString(e.Name);
            WriteInt64(e.TimeUnixNanos);
            WriteAttributes(e.Attributes);
            WriteSigned(e.DroppedAttributesCount);
        }

        WriteUnsigned((ulong)span.Links.Length);
        foreach (var link in span.Links)
        {
            WriteString(link.TraceId);
            WriteString(link.SpanId);
            WriteOptionalString(link.TraceState);
            WriteAttributes(link.Attributes);
            WriteSigned(link.DroppedAttributesCount);
            WriteUnsigned(link.Flags);
        }

        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(lengthAt), position - lengthAt - 4);
    }

    /// <summary>Spans of one resource share its attribute array: written once, then referred to.</summary>
    private void WriteResource(ImmutableArray<SpanAttribute> attributes)
    {
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i] == attributes)
            {
                WriteUnsigned((ulong)i + 1);
                return;
            }
        }

        WriteUnsigned(0);
        WriteAttributes(attributes);
        SpanPack.Remember(resources, attributes);
    }

    private void WriteScope(SpanScope? scope)
    {
        if (scope is null)
        {
            WriteUnsigned(0);
            return;
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (ReferenceEquals(scopes[i], scope))
            {
                WriteUnsigned((ulong)i + 2);
                return;
            }
        }

        WriteUnsigned(1);
        WriteString(scope.Name);
        WriteOptionalString(scope.Version);
        WriteAttributes(scope.Attributes);
        WriteSigned(scope.DroppedAttributesCount);
        SpanPack.Remember(scopes, scope);
    }

    private void WriteAttributes(ImmutableArray<SpanAttribute> attributes)
    {
        WriteUnsigned((ulong)attributes.Length);
        foreach (var attribute in attributes)
        {
            WriteString(attribute.Key);
            WriteString(attribute.Value);
            WriteByte((byte)attribute.Type);
        }
    }

    private void WriteOptionalString(string? value)
    {
        if (value is null)
        {
            WriteUnsigned(0);
            return;
        }

        WriteString(value, lengthBias: 1);
    }

    private void WriteString(string value, int lengthBias = 0)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUnsigned((ulong)(length + lengthBias));
        Reserve(length);
        position += Encoding.UTF8.GetBytes(value, buffer.AsSpan(position));
    }

    private void WriteInt64(long value)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    private void WriteSigned(long value) => WriteUnsigned((ulong)((value << 1) ^ (value >> 63)));

    private void WriteUnsigned(ulong value)
    {
        Reserve(10);
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
    }

    private void WriteByte(byte value)
    {
        Reserve(1);
        buffer[position++] = value;
    }

    private void Reserve(int bytes)
    {
        if (position + bytes > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, position + bytes));
        }
    }
}

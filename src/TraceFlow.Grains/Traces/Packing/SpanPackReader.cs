using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace TraceFlow.Grains.Traces.Packing;

/// <summary>Reads span records written by <see cref="SpanPackWriter"/>, in order.</summary>
internal ref struct SpanPackReader(ReadOnlySpan<byte> data, Utf8StringCache strings)
{
    private const ulong SharedIdentitySalt = 0x9E3779B97F4A7C15;

    private readonly ReadOnlySpan<byte> data = data;
    private readonly Utf8StringCache strings = strings;
    private List<ImmutableArray<SpanAttribute>>? resources;
    private List<SpanScope>? scopes;
    private int position;

    public readonly bool HasMore => position < data.Length;

    /// <summary>Reads the next span's header and moves past its whole record.</summary>
    public SpanHeader ReadHeader()
    {
        var end = ReadRecordEnd();
        var bits = ReadByte();
        var spanId = ReadBytes();
        var identity = ByteHash.Hash(spanId) ^ ((bits & SpanPack.SharedBit) != 0 ? SharedIdentitySalt : 0);
        var isRoot = (bits & SpanPack.ParentBit) == 0;
        if (!isRoot)
        {
            ReadBytes();
        }

        var header = new SpanHeader(identity, ReadString(), ReadString(), ReadInt64(), ReadSigned(), (SpanStatusCode)ReadByte(), isRoot);
        position = end;
        return header;
    }

    /// <summary>Reads the next span in full. Every record must be read this way, in order, for shared resources to resolve.</summary>
    public Span ReadSpan(string traceId)
    {
        var end = ReadRecordEnd();
        var bits = ReadByte();
        var spanId = ReadRawString();
        var parent = (bits & SpanPack.ParentBit) != 0 ? ReadRawString() : null;
        var span = new Span
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Shared = (bits & SpanPack.SharedBit) != 0,
            Service = ReadString(),
            Operation = ReadString(),
            StartUnixNanos = ReadInt64(),
            DurationNanos = ReadSigned(),
            Status = (SpanStatusCode)ReadByte(),
            Kind = (SpanKind)ReadByte(),
            StatusMessage = (bits & SpanPack.StatusMessageBit) != 0 ? ReadString() : null,
            TraceState = (bits & SpanPack.TraceStateBit) != 0 ? ReadString() : null,
            Flags = (uint)ReadUnsigned(),
            Dropped = new SpanDroppedCounts((int)ReadSigned(), (int)ReadSigned(), (int)ReadSigned()),
            Attributes = ReadAttributes(),
            ResourceAttributes = ReadResource(),
            Scope = ReadScope(),
            Events = ReadEvents(),
            Links = ReadLinks(),
        };
        if (position != end)
        {
            throw new InvalidDataException("A packed span record's length does not match its contents.");
        }

        return span;
    }

    private int ReadRecordEnd()
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        position += 4;
        if (length < 0 || length > data.Length - position)
        {
            throw new InvalidDataException("A packed span record runs past the end of its pack.");
        }

        return position + length;
    }

    private ImmutableArray<SpanAttribute> ReadResource()
    {
        var reference = (int)ReadUnsigned();
        if (reference > 0)
        {
            return resources![reference - 1];
        }

        var attributes = ReadAttributes();
        SpanPack.Remember(resources ??= [], attributes);
        return attributes;
    }

    private SpanScope? ReadScope()
    {
        var reference = (int)ReadUnsigned();
        if (reference != 1)
        {
            return reference == 0 ? null : scopes![reference - 2];
        }

        var scope = new SpanScope
        {
            Name = ReadString(),
            Version = ReadOptionalString(),
            Attributes = ReadAttributes(),
            DroppedAttributesCount = (int)ReadSigned(),
        };
        SpanPack.Remember(scopes ??= [], scope);
        return scope;
    }

    private ImmutableArray<SpanEvent> ReadEvents()
    {
        var count = ReadCount();
        if (count == 0)
        {
            return [];
        }

        var events = new SpanEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new SpanEvent
            {
                Name = ReadString(),
                TimeUnixNanos = ReadInt64(),
                Attributes = ReadAttributes(),
                DroppedAttributesCount = (int)ReadSigned(),
            };
        }

        return ImmutableArray.Create(events);
    }

    private ImmutableArray<SpanLink> ReadLinks()
    {
        var count = ReadCount();
        if (count == 0)
        {
            return [];
        }

        var links = new SpanLink[count];
        for (var i = 0; i < count; i++)
        {
            links[i] = new SpanLink
            {
                TraceId = ReadRawString(),
                SpanId = ReadRawString(),
                TraceState = ReadOptionalString(),
                Attributes = ReadAttributes(),
                DroppedAttributesCount = (int)ReadSigned(),
                Flags = (uint)ReadUnsigned(),
            };
        }

        return ImmutableArray.Create(links);
    }

    private ImmutableArray<SpanAttribute> ReadAttributes()
    {
        var count = ReadCount();
        if (count == 0)
        {
            return [];
        }

        var attributes = new SpanAttribute[count];
        for (var i = 0; i < count; i++)
        {
            attributes[i] = new SpanAttribute(ReadString(), ReadString(), (AttributeValueType)ReadByte());
        }

        return ImmutableArray.Create(attributes);
    }

    /// <summary>A count of items that each take at least one byte, so a corrupt count can't allocate past the pack.</summary>
    private int ReadCount()
    {
        var count = ReadUnsigned();
        if (count > (ulong)(data.Length - position))
        {
            throw new InvalidDataException("A packed span claims more items than its pack holds.");
        }

        return (int)count;
    }

    private string? ReadOptionalString()
    {
        var biased = ReadUnsigned();
        return biased == 0 ? null : strings.GetString(ReadBytes(biased - 1));
    }

    private string ReadString() => strings.GetString(ReadBytes());

    /// <summary>Ids are unique per span: caching them would only evict names that repeat.</summary>
    private string ReadRawString() => Encoding.UTF8.GetString(ReadBytes());

    private ReadOnlySpan<byte> ReadBytes() => ReadBytes(ReadUnsigned());

    private ReadOnlySpan<byte> ReadBytes(ulong length)
    {
        if (length > (ulong)(data.Length - position))
        {
            throw new InvalidDataException("A packed string runs past the end of its pack.");
        }

        var bytes = data.Slice(position, (int)length);
        position += (int)length;
        return bytes;
    }

    private long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(data[position..]);
        position += 8;
        return value;
    }

    private long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private ulong ReadUnsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A packed varint is longer than 64 bits.");
    }

    private byte ReadByte() => data[position++];
}

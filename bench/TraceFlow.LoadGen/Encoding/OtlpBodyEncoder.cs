using Google.Protobuf;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Encoding;

/// <summary>A batch as a serialized <c>ExportTraceServiceRequest</c>: the body of OTLP/HTTP and the message of OTLP/gRPC.</summary>
internal sealed class OtlpBodyEncoder : IBodyEncoder
{
    private readonly OtlpRequestEncoder encoder = new();
    private byte[] buffer = new byte[64 * 1024];

    public TraceIdFormat IdFormat => TraceIdFormat.Bytes;

    public ReadOnlyMemory<byte> Encode(RequestBatch batch)
    {
        var message = encoder.Build(batch);
        var size = message.CalculateSize();
        if (buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, buffer.Length * 2)];
        }

        message.WriteTo(buffer.AsSpan(0, size));
        return buffer.AsMemory(0, size);
    }

    public void Dispose()
    {
    }
}

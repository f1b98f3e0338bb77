using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Encoding;

/// <summary>Writes a batch as one request body of a protocol; one instance per thread (buffers are reused).</summary>
internal interface IBodyEncoder : IDisposable
{
    TraceIdFormat IdFormat { get; }

    /// <summary>Encodes <paramref name="batch"/>; the memory stays valid until the next call.</summary>
    ReadOnlyMemory<byte> Encode(RequestBatch batch);
}

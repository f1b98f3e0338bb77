using System.Globalization;
using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// A gRPC compression provider whose decompression stops at a byte limit. Grpc.AspNetCore
/// checks MaxReceiveMessageSize against the compressed message only and inflates it whole into
/// memory, so a small gzip bomb would otherwise expand without bound. Beyond the limit the
/// call fails with RESOURCE_EXHAUSTED, which OTLP clients do not retry.
/// </summary>
internal sealed class BoundedDecompressionProvider(ICompressionProvider inner, int maxBytes) : ICompressionProvider
{
    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new LimitedStream(inner.CreateDecompressionStream(stream), maxBytes, EncodingName);

    /// <summary>Reads through to the decompressor and fails once more than the limit came out.</summary>
    private sealed class LimitedStream(Stream inner, int maxBytes, string encoding) : Stream
    {
        private long total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => total;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new RpcException(new Status(
                    StatusCode.ResourceExhausted,
                    string.Create(CultureInfo.InvariantCulture, $"The {encoding}-compressed message exceeds the limit of {maxBytes} bytes once decompressed.")));
            }

            return read;
        }
    }
}

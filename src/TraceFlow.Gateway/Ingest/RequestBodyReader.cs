using System.Globalization;
using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace TraceFlow.Gateway.Ingest;

/// <summary>
/// Reads a request body into a pooled buffer without ever holding more than the limit:
/// a declared Content-Length over the limit is refused unread, and the limit applies again
/// to the decompressed bytes, so neither a large body nor a compression bomb gets through.
/// </summary>
internal static class RequestBodyReader
{
    private const int ReadChunk = 64 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var encoding = request.Headers[HeaderNames.ContentEncoding].ToString().Trim();
        var kind = encoding.ToLowerInvariant();

        // gzip and zlib end in a trailer that shows whether the whole body arrived (brotli has none).
        var trailer = kind is "gzip" or "x-gzip" or "deflate" ? new TrailerCheckingStream(request.Body) : null;
        Stream? decoder = kind switch
        {
            "" or "identity" => null,
            "gzip" or "x-gzip" => new GZipStream(trailer!, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(trailer!, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => Stream.Null,
        };
        if (decoder == Stream.Null)
        {
            return RequestBody.Failed(
                RequestBodyStatus.UnsupportedEncoding,
                string.Create(CultureInfo.InvariantCulture, $"Content-Encoding '{encoding}' is not supported; use gzip, deflate, br or none."));
        }

        await using (decoder)
        {
            var buffer = new PooledBuffer((int)Math.Min(request.ContentLength ?? ReadChunk, maxBytes));
            try
            {
                var source = decoder ?? request.Body;
                while (true)
                {
                    // Any free space will do: asking for a whole chunk when a body sized by its
                    // Content-Length is in, only to read its end, doubled and copied every buffer.
                    var read = await source.ReadAsync(buffer.GetFreeSpace(1), cancellationToken);
                    if (read == 0)
                    {
                        if (trailer is not null && !(kind == "deflate" ? trailer.EndsAsZlibOf(buffer.Span) : trailer.EndsAsGzipOf(buffer.Length)))
                        {
                            buffer.Dispose();
                            return RequestBody.Failed(
                                RequestBodyStatus.CorruptEncoding,
                                $"The body is truncated or damaged {encoding} data: its trailer does not match what it decompresses to.");
                        }

                        return RequestBody.Ok(buffer);
                    }

                    buffer.Advance(read);
                    if (buffer.Length > maxBytes)
                    {
                        buffer.Dispose();
                        return TooLarge(maxBytes);
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                buffer.Dispose();
                return RequestBody.Failed(RequestBodyStatus.CorruptEncoding, $"The body is not valid {encoding} data: {ex.Message}");
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
    }

    private static RequestBody TooLarge(int maxBytes) => RequestBody.Failed(
        RequestBodyStatus.TooLarge,
        string.Create(CultureInfo.InvariantCulture, $"The request body exceeds the limit of {maxBytes} bytes (after decompression)."));
}

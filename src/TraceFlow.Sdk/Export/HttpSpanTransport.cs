using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Posts a batch to the collector in one wire format and reads its answer: spans refused in a
/// success answer, and which failures are worth retrying (429, 502, 503, 504, the network), as
/// the OTLP specification classifies them.
/// </summary>
public abstract class HttpSpanTransport : ISpanTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;
    private readonly TimeProvider time;

    protected HttpSpanTransport(HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        this.http = http;
        this.time = time;
    }

    public async Task<ExportResult> SendAsync(IReadOnlyList<Activity> batch, string serviceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var body = new ArrayBufferWriter<byte>(256 * Math.Max(1, batch.Count));
        WriteBody(body, batch, serviceName);
        using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = Json;
        try
        {
            using var response = await http.PostAsync(Path, content, cancellationToken).ConfigureAwait(false);
            return await InterpretAsync(response, batch.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            return new ExportResult(ExportStatus.Retryable, Error: exception.Message);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation nobody asked for.
            return new ExportResult(ExportStatus.Retryable, Error: exception.Message);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The path under the endpoint that takes batches.</summary>
    protected abstract string Path { get; }

    protected abstract void WriteBody(IBufferWriter<byte> output, IReadOnlyList<Activity> batch, string serviceName);

    /// <summary>How many spans a success answer says were refused.</summary>
    protected abstract int ReadRejected(ReadOnlySpan<byte> body);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
        }
    }

    private async Task<ExportResult> InterpretAsync(HttpResponseMessage response, int spanCount, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new ExportResult(ExportStatus.Success, RejectedSpans: Math.Clamp(ReadRejected(body), 0, spanCount));
        }

        var error = $"collector answered {status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                => new ExportResult(ExportStatus.Retryable, RetryAfter: RetryAfter(response.Headers.RetryAfter), Error: error),
            HttpStatusCode.RequestEntityTooLarge => new ExportResult(ExportStatus.TooLarge, Error: error),
            _ => new ExportResult(ExportStatus.Rejected, RejectedSpans: spanCount, Error: error),
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    /// <summary>
    /// The integer (or integer string, as OTLP JSON writes 64-bit numbers) under a top-level
    /// or once-nested property: <c>{"rejected":2}</c>, <c>{"partialSuccess":{"rejectedSpans":"2"}}</c>.
    /// 0 when absent or unreadable: a success answer still means the spans were accepted.
    /// </summary>
    protected static int ReadCount(ReadOnlySpan<byte> body, ReadOnlySpan<byte> property, ReadOnlySpan<byte> parent = default)
    {
        if (body.IsEmpty)
        {
            return 0;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            var depthWanted = parent.IsEmpty ? 1 : 2;
            var insideParent = parent.IsEmpty;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (!insideParent && reader.CurrentDepth == 1 && reader.ValueTextEquals(parent))
                {
                    insideParent = true;
                    continue;
                }

                if (insideParent && reader.CurrentDepth == depthWanted && reader.ValueTextEquals(property))
                {
                    reader.Read();
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number when reader.TryGetInt32(out var number) => number,
                        JsonTokenType.String when int.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
                        _ => 0,
                    };
                }
            }

            return 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// Posts batches to the collector's <c>POST /api/spans</c> and reads its answer: the per-span
/// rejections of a 202, and which failures are worth retrying (429, 502, 503, 504, the network),
/// as the OTLP specification classifies them.
/// </summary>
public sealed class TraceFlowJsonTransport : ISpanTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;
    private readonly TimeProvider time;

    public TraceFlowJsonTransport(HttpClient http, TimeProvider time)
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
        TraceFlowJsonSpanWriter.Write(body, batch, serviceName);
        using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = Json;
        try
        {
            using var response = await http.PostAsync("api/spans", content, cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => http.Dispose();

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

    /// <summary>The <c>rejected</c> count of <c>{"accepted":n,"rejected":m,...}</c>; 0 when absent.</summary>
    private static int ReadRejected(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return 0;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRejected = reader.ValueTextEquals("rejected"u8);
                reader.Read();
                if (isRejected && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var rejected))
                {
                    return rejected;
                }

                reader.Skip();
            }

            return 0;
        }
        catch (JsonException)
        {
            // A success without a readable body still means the spans were accepted.
            return 0;
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TraceFlow.LoadGen.Sending;

/// <summary>TraceFlow JSON to <c>POST /api/spans</c>; 202 answers carry <c>rejected</c>.</summary>
internal sealed class JsonSpanSender(HttpClient client, Uri target) : ISpanSender
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly Uri endpoint = new(target, "/api/spans");

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, int spanCount, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = JsonType;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return SendOutcome.Ok(spanCount, ReadRejected(answer));
        }

        if (HttpStatusMapping.IsThrottle(response.StatusCode))
        {
            return SendOutcome.Throttled(spanCount, HttpStatusMapping.RetryAfter(response));
        }

        return response.StatusCode == HttpStatusCode.BadRequest ? SendOutcome.Refused(spanCount) : SendOutcome.Error();
    }

    public void Dispose()
    {
    }

    /// <summary>The top-level <c>rejected</c> count of a 202 answer, 0 when absent.</summary>
    internal static long ReadRejected(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return 0;
        }

        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("rejected"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0;
            }

            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return 0;
    }
}

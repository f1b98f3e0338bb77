using System.Net;
using System.Text;

namespace TraceFlow.Sdk.Tests.Export;

/// <summary>Answers every request with a fixed status and body, and keeps what was sent.</summary>
internal sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
{
    public int? RetryAfterSeconds { get; init; }

    public DateTimeOffset? RetryAfterDate { get; init; }

    public Uri? Uri { get; private set; }

    public string? ContentType { get; private set; }

    public string? Body { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uri = request.RequestUri;
        ContentType = request.Content?.Headers.ContentType?.MediaType;
        Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }
        else if (RetryAfterDate is { } date)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(date);
        }

        return response;
    }
}

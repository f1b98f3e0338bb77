using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>HTTP helpers over the test gateway: post spans, read JSON, wait for decisions; with an API key, every request sends it.</summary>
public sealed class GatewayClient(GatewayFactory factory, string? apiKey = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public HttpClient Http { get; } = WithKey(factory.CreateClient(), apiKey);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> PostSpansAsync(string json) =>
        Http.PostAsync("/api/spans", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, Cancel);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Advances the clock past the decision wait until the trace can be read back.</summary>
    public async Task<JsonElement> WaitForTraceAsync(string traceId, int minSpans = 1)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await factory.AdvanceAsync(TimeSpan.FromMilliseconds(250));
            var (status, body) = await GetJsonAsync($"/api/traces/{Uri.EscapeDataString(traceId)}");
            if (status == HttpStatusCode.OK && body.GetProperty("span_count").GetInt32() >= minSpans)
            {
                return body;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"trace {traceId} was not readable within {Timeout}: {status} {body}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Cancel);
        }
    }

    /// <summary>Advances the clock until /api/stats satisfies the condition.</summary>
    public async Task<JsonElement> WaitForStatsAsync(Func<JsonElement, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await factory.AdvanceAsync(TimeSpan.FromMilliseconds(500));
            var (_, body) = await GetJsonAsync("/api/stats");
            if (done(body))
            {
                return body;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"stats did not reach the expected state within {Timeout}: {body}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Cancel);
        }
    }

    public static ByteArrayContent Bytes(byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return content;
    }

    public static string NewTraceId() => Guid.NewGuid().ToString("N");

    private static HttpClient WithKey(HttpClient http, string? apiKey)
    {
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }
}

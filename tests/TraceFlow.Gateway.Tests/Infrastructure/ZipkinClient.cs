using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>HTTP helpers for Zipkin's v2 API on the test gateway.</summary>
public sealed class ZipkinClient(GatewayFactory factory)
{
    public GatewayClient Gateway { get; } = new(factory);

    public HttpClient Http => Gateway.Http;

    public static CancellationToken Cancel => GatewayClient.Cancel;

    public Task<HttpResponseMessage> PostJsonAsync(string json) =>
        Http.PostAsync("/api/v2/spans", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    public Task<HttpResponseMessage> PostAsync(HttpContent content) => Http.PostAsync("/api/v2/spans", content, Cancel);

    /// <summary>Status, body text, content type and Cache-Control of a GET.</summary>
    public async Task<ZipkinResponse> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path, Cancel);
        return new ZipkinResponse(
            response.StatusCode,
            await response.Content.ReadAsStringAsync(Cancel),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.NonValidated.TryGetValues("Cache-Control", out var cacheControl) ? cacheControl.ToString() : null);
    }

    /// <summary>A GET that must answer 200 with JSON; its parsed body.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET {path}: {response.Status} {response.Body}");
        Assert.Equal("application/json", response.ContentType);
        return response.Json;
    }

    /// <summary>Advances the clock until the trace is stored (under its 32-hex id).</summary>
    public Task<JsonElement> WaitForTraceAsync(string zipkinTraceId, int minSpans = 1) =>
        Gateway.WaitForTraceAsync(StoredId(zipkinTraceId), minSpans);

    /// <summary>The id a Zipkin trace id is stored under: 32 lowercase hex characters.</summary>
    public static string StoredId(string zipkinTraceId) => zipkinTraceId.ToLowerInvariant().PadLeft(32, '0');

    /// <summary>A random 64-bit trace id as Zipkin's B3 tracers make them.</summary>
    public static string NewTraceId64() => NewSpanId();

    public static string NewTraceId128() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewSpanId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

public sealed record ZipkinResponse(HttpStatusCode Status, string Body, string? ContentType, string? CacheControl)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

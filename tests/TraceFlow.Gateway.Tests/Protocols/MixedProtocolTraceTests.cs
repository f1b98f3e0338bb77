using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Protocols;

/// <summary>
/// One trace whose spans arrive by three protocols (the real OTLP/gRPC exporter, the real
/// Zipkin exporter, TraceFlow JSON) reads back the same through all four query APIs: TraceFlow's,
/// Zipkin's, Jaeger's v1 and Jaeger's api_v3.
/// </summary>
public sealed class MixedProtocolTraceTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task MixedProtocolTrace_ReadsBackTheSame_ThroughEveryQueryApi()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var frontendSource = new ActivitySource($"Tests.Mixed.Frontend.{run}", "4.5.6");
        using var backendSource = new ActivitySource($"Tests.Mixed.Backend.{run}");
        using var zipkinHttp = new HttpClient { BaseAddress = factory.ServerAddress };
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).UtcDateTime;
        Activity root, handler;
        using (var frontend = ExporterProviders.Otlp($"frontend-{run}", frontendSource.Name, OtlpExportProtocol.Grpc, factory.OtlpGrpcAddress))
        using (var backend = ExporterProviders.Zipkin($"backend-{run}", backendSource.Name, zipkinHttp))
        {
            Activity.Current = null;
            root = frontendSource.StartActivity("GET /checkout", ActivityKind.Server, parentContext: default, startTime: start)!;
            root.SetTag("http.response.status_code", 200L);
            root.SetTag("feature.enabled", true);
            root.AddEvent(new ActivityEvent("cache miss", start.AddMilliseconds(1)));
            handler = backendSource.StartActivity("GET /inventory", ActivityKind.Server, root.Context, startTime: start.AddMilliseconds(2))!;
            handler.SetTag("inventory.sku", "book-42");
            handler.SetStatus(ActivityStatusCode.Error, "out of stock");
            handler.SetEndTime(start.AddMilliseconds(6));
            handler.Stop();
            root.SetEndTime(start.AddMilliseconds(10));
            root.Stop();
            Assert.True(frontend.ForceFlush(10_000));
            Assert.True(backend.ForceFlush(10_000));
        }

        var traceId = root.TraceId.ToHexString();
        const string LegacySpan = "00000000000000aa";
        var legacyStartMs = new DateTimeOffset(start).ToUnixTimeMilliseconds() + 3;
        using var posted = await client.PostSpansAsync($$$"""
            {"spans":[{"trace_id":"{{{traceId}}}","span_id":"{{{LegacySpan}}}","parent_span_id":"{{{handler.SpanId.ToHexString()}}}",
              "service":"legacy-{{{run}}}","operation":"legacy.lookup","start_unix_ms":{{{legacyStartMs}}},"duration_ms":2,"kind":"client",
              "attributes":{"db.system":"postgresql"}}]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var own = await client.WaitForTraceAsync(traceId, minSpans: 3);
        var expected = FromTraceFlow(own);
        Assert.Equal(3, expected.Count);
        Assert.Equal(FromZipkin(await GetAsync($"/api/v2/trace/{traceId}")), expected);
        Assert.Equal(FromJaeger(await GetAsync($"/jaeger/api/traces/{traceId}")), expected);
        Assert.Equal(FromJaegerV3(await GetAsync($"/jaeger/api/v3/traces/{traceId}")), expected);

        // Each view keeps what it can express of the attributes.
        var root1 = expected.Single(s => s.SpanId == root.SpanId.ToHexString());
        Assert.Equal(("cache miss", true), (root1.Events, root1.HasAttribute));
        var jaegerTags = JsonDocument.Parse(await GetAsync($"/jaeger/api/traces/{traceId}")).RootElement.GetProperty("data")[0].GetProperty("spans")
            .EnumerateArray().Single(s => s.GetProperty("spanID").GetString() == root.SpanId.ToHexString()).GetProperty("tags").EnumerateArray().ToList();
        Assert.Contains(jaegerTags, t => t.GetProperty("key").GetString() == "http.response.status_code" && t.GetProperty("type").GetString() == "int64");
        Assert.Contains(jaegerTags, t => t.GetProperty("key").GetString() == "feature.enabled" && t.GetProperty("type").GetString() == "bool");
    }

    /// <summary>What every API can say about a span, in one comparable shape (times in µs).</summary>
    private sealed record ViewSpan(string SpanId, string? ParentId, string Service, string Name, string Kind, long StartMicros, long DurationMicros, bool IsError, string Events, bool HasAttribute);

    private static List<ViewSpan> FromTraceFlow(JsonElement trace) => [.. trace.GetProperty("spans").EnumerateArray().Select(s => new ViewSpan(
        s.GetProperty("span_id").GetString()!,
        s.GetProperty("parent_span_id").GetString(),
        s.GetProperty("service").GetString()!,
        s.GetProperty("operation").GetString()!,
        s.GetProperty("kind").GetString()!,
        Micros(s.GetProperty("start_unix_ms").GetDouble()),
        Micros(s.GetProperty("duration_ms").GetDouble()),
        s.GetProperty("status").GetString() == "error",
        string.Join(",", s.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString())),
        s.GetProperty("attributes").EnumerateObject().Any(a => a.Name is "feature.enabled" or "inventory.sku" or "db.system")))
        .OrderBy(s => s.StartMicros)];

    private static List<ViewSpan> FromZipkin(string body) => [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(s => new ViewSpan(
        s.GetProperty("id").GetString()!,
        s.TryGetProperty("parentId", out var parent) ? parent.GetString() : null,
        s.GetProperty("localEndpoint").GetProperty("serviceName").GetString()!,
        s.GetProperty("name").GetString()!,
        s.TryGetProperty("kind", out var kind) ? kind.GetString()!.ToLowerInvariant() : "internal",
        s.GetProperty("timestamp").GetInt64(),
        s.GetProperty("duration").GetInt64(),
        s.TryGetProperty("tags", out var tags) && tags.TryGetProperty("error", out _),
        s.TryGetProperty("annotations", out var annotations) ? string.Join(",", annotations.EnumerateArray().Select(a => a.GetProperty("value").GetString())) : "",
        tags.ValueKind == JsonValueKind.Object && tags.EnumerateObject().Any(a => a.Name is "feature.enabled" or "inventory.sku" or "db.system")))
        .OrderBy(s => s.StartMicros)];

    private static List<ViewSpan> FromJaeger(string body)
    {
        var trace = JsonDocument.Parse(body).RootElement.GetProperty("data")[0];
        var processes = trace.GetProperty("processes");
        return [.. trace.GetProperty("spans").EnumerateArray().Select(s =>
        {
            var tags = s.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value"));
            var parent = s.GetProperty("references").EnumerateArray().FirstOrDefault(r => r.GetProperty("refType").GetString() == "CHILD_OF");
            return new ViewSpan(
                s.GetProperty("spanID").GetString()!,
                parent.ValueKind == JsonValueKind.Object ? parent.GetProperty("spanID").GetString() : null,
                processes.GetProperty(s.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString()!,
                s.GetProperty("operationName").GetString()!,
                tags.TryGetValue("span.kind", out var kind) ? kind.GetString()! : "internal",
                s.GetProperty("startTime").GetInt64(),
                s.GetProperty("duration").GetInt64(),
                tags.TryGetValue("error", out var error) && error.ValueKind == JsonValueKind.True,
                string.Join(",", s.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("fields").EnumerateArray().First(f => f.GetProperty("key").GetString() == "event").GetProperty("value").GetString())),
                tags.Keys.Any(k => k is "feature.enabled" or "inventory.sku" or "db.system"));
        }).OrderBy(s => s.StartMicros)];
    }

    private static List<ViewSpan> FromJaegerV3(string body) =>
    [
        .. JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("resourceSpans").EnumerateArray().SelectMany(resource =>
        {
            var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
            return resource.GetProperty("scopeSpans").EnumerateArray().SelectMany(scope => scope.GetProperty("spans").EnumerateArray()).Select(s =>
            {
                var startNanos = long.Parse(s.GetProperty("startTimeUnixNano").GetString()!, CultureInfo.InvariantCulture);
                var endNanos = long.Parse(s.GetProperty("endTimeUnixNano").GetString()!, CultureInfo.InvariantCulture);
                return new ViewSpan(
                    s.GetProperty("spanId").GetString()!,
                    s.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } id ? id : null,
                    service,
                    s.GetProperty("name").GetString()!,
                    s.GetProperty("kind").GetInt32() switch { 2 => "server", 3 => "client", 4 => "producer", 5 => "consumer", _ => "internal" },
                    startNanos / 1000,
                    (endNanos - startNanos) / 1000,
                    s.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) && code.GetInt32() == 2,
                    s.TryGetProperty("events", out var events) ? string.Join(",", events.EnumerateArray().Select(e => e.GetProperty("name").GetString())) : "",
                    s.TryGetProperty("attributes", out var attributes) && attributes.EnumerateArray().Any(a => a.GetProperty("key").GetString() is "feature.enabled" or "inventory.sku" or "db.system"));
            });
        }).OrderBy(s => s.StartMicros),
    ];

    private static long Micros(double millis) => (long)Math.Round(millis * 1000, MidpointRounding.ToZero);

    private async Task<string> GetAsync(string path)
    {
        using var response = await client.Http.GetAsync(path, GatewayClient.Cancel);
        var body = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }
}

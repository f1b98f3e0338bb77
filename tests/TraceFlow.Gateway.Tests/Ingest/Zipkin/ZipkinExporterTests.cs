using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest.Zipkin;

/// <summary>
/// The real OpenTelemetry .NET Zipkin exporter posting to <c>/api/v2/spans</c>: what it sent
/// must come back field for field from Zipkin's API and, mapped, from TraceFlow's own.
/// </summary>
public sealed class ZipkinExporterTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    private readonly ZipkinClient client = new(factory);

    [Fact]
    public async Task OpenTelemetryZipkinExporter_ATwoServiceTrace_ReadsBackFieldForField()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (frontendName, backendName) = ($"otel-frontend-{run}", $"otel-backend-{run}");
        var capture = new CapturingHandler();
        using var http = new HttpClient(capture) { BaseAddress = factory.ServerAddress };
        using var frontendSource = new ActivitySource($"Tests.Frontend.{run}", "1.2.3");
        using var backendSource = new ActivitySource($"Tests.Backend.{run}");
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).UtcDateTime;
        string traceId;
        using (var frontend = ExporterProviders.Zipkin(frontendName, frontendSource.Name, http))
        using (var backend = ExporterProviders.Zipkin(backendName, backendSource.Name, http))
        {
            var root = frontendSource.StartActivity("GET /checkout", ActivityKind.Server, parentContext: default, startTime: start)!;
            traceId = root.TraceId.ToHexString();
            root.SetTag("http.request.method", "GET");
            root.SetTag("http.response.status_code", 200);
            root.SetStatus(ActivityStatusCode.Ok);

            var call = frontendSource.StartActivity("GET", ActivityKind.Client, root.Context, startTime: start.AddTicks(1_230))!;
            call.SetTag("peer.service", backendName);
            call.SetTag("server.address", "inventory.internal");
            call.SetTag("retry.count", 2L);

            var handle = backendSource.StartActivity("GET /inventory", ActivityKind.Server, call.Context, startTime: start.AddMilliseconds(2))!;
            string[] skus = ["book-42", "pen-7"];
            handle.SetTag("inventory.skus", skus);
            handle.SetTag("cache.hit", false);
            handle.SetTag("load", 0.75);
            handle.SetStatus(ActivityStatusCode.Error);

            var lookup = backendSource.StartActivity("inventory.lookup", ActivityKind.Internal, handle.Context, startTime: start.AddMilliseconds(3))!;
            lookup.AddEvent(new ActivityEvent("cache miss", start.AddMilliseconds(3.5)));
            lookup.AddEvent(new ActivityEvent("exception", start.AddMilliseconds(4)));
            lookup.SetStatus(ActivityStatusCode.Error, "out of stock");

            foreach (var (activity, end) in new[] { (lookup, 5.0), (handle, 6.25), (call, 7.0), (root, 9.5) })
            {
                activity.SetEndTime(start.AddMilliseconds(end));
                activity.Stop();
            }

            Assert.True(frontend.ForceFlush(10_000));
            Assert.True(backend.ForceFlush(10_000));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, capture.Bodies.Count), capture.Statuses);
        var sent = capture.Bodies.SelectMany(body => JsonNode.Parse(body)!.AsArray()).Select(span => span!.AsObject()).ToList();
        Assert.Equal(4, sent.Count);
        Assert.Single(sent, s => s["tags"]?["error"]?.GetValue<string>() == "out of stock");

        var stored = await client.WaitForTraceAsync(traceId, minSpans: 4);
        var zipkin = (await client.GetJsonAsync($"/api/v2/trace/{traceId}")).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        var native = stored.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("span_id").GetString()!);

        Assert.Equal(sent.Select(s => Text(s, "id")).Order(), zipkin.Keys.Order());
        foreach (var span in sent)
        {
            var id = Text(span, "id")!;
            Assert.Equal(Canonical(span), Canonical(JsonNode.Parse(zipkin[id].GetRawText())!));
            AssertTraceFlowView(span, native[id]);
        }

        Assert.Equal([$"{frontendName} → {backendName}"], stored.GetProperty("dependency_path").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>A span as TraceFlow's own API must show what the exporter sent (the Zipkin ingest mapping).</summary>
    private static void AssertTraceFlowView(JsonObject sent, JsonElement span)
    {
        var tags = (sent["tags"]?.AsObject() ?? []).ToDictionary(t => t.Key, t => t.Value!.GetValue<string>());
        var statusCode = tags.GetValueOrDefault("otel.status_code");
        var error = tags.GetValueOrDefault("error");
        var local = sent["localEndpoint"]!.AsObject();
        var attributes = tags.Where(t => t.Key != "otel.status_code").ToDictionary();
        if ((Text(local, "ipv4") ?? Text(local, "ipv6")) is { } address)
        {
            attributes["network.local.address"] = address;
        }

        if (Text(local, "ipv4") is not null && Text(local, "ipv6") is { } ipv6)
        {
            attributes["zipkin.local_endpoint.ipv6"] = ipv6;
        }

        if (sent["remoteEndpoint"]?["serviceName"] is { } remote && !tags.ContainsKey("peer.service"))
        {
            attributes["peer.service"] = remote.GetValue<string>();
        }

        Assert.Equal(Text(sent, "traceId"), span.GetProperty("trace_id").GetString());
        Assert.Equal(Text(sent, "parentId"), span.GetProperty("parent_span_id").GetString());
        Assert.Equal(Text(local, "serviceName"), span.GetProperty("service").GetString());
        Assert.Equal(Text(sent, "name"), span.GetProperty("operation").GetString());
        Assert.Equal(Millis(sent["timestamp"]!.GetValue<long>()), span.GetProperty("start_unix_ms").GetDouble());
        Assert.Equal(Millis(sent["duration"]!.GetValue<long>()), span.GetProperty("duration_ms").GetDouble());
        Assert.Equal(Text(sent, "kind")?.ToLowerInvariant() ?? "internal", span.GetProperty("kind").GetString());
        Assert.Equal(error is not null || statusCode == "ERROR" ? "error" : statusCode == "OK" ? "ok" : "unset", span.GetProperty("status").GetString());
        Assert.Equal(string.IsNullOrEmpty(error) ? null : error, span.GetProperty("status_message").GetString());
        Assert.Equal(attributes, span.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Equal(
            (sent["annotations"]?.AsArray() ?? []).Select(a => (Text(a!, "value"), Millis(a!["timestamp"]!.GetValue<long>()))),
            span.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("time_unix_ms").GetDouble())));
    }


    private static string? Text(JsonNode node, string property) => node[property]?.GetValue<string>();

    /// <summary>Epoch microseconds as the TraceFlow API prints milliseconds (whole part and fraction apart).</summary>
    private static double Millis(long micros) => (micros / 1000) + (micros % 1000 / 1000.0);

    /// <summary>JSON text with object properties sorted, so field order does not matter but everything else does.</summary>
    private static string Canonical(JsonNode node) => Sort(node)!.ToJsonString();

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    /// <summary>Keeps a copy of every request body the exporter sends, and every status it gets back.</summary>
    private sealed class CapturingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<string> Bodies { get; } = new();

        public ConcurrentQueue<HttpStatusCode> Statuses { get; } = new();

        // The exporter's Export is synchronous (HttpClient.Send), which TestServer refuses and Kestrel serves.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (var reader = new StreamReader(request.Content!.ReadAsStream(cancellationToken)))
            {
                Keep(request, reader.ReadToEnd());
            }

            var response = base.Send(request, cancellationToken);
            Statuses.Enqueue(response.StatusCode);
            return response;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Keep(request, await request.Content!.ReadAsStringAsync(cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            Statuses.Enqueue(response.StatusCode);
            return response;
        }

        private void Keep(HttpRequestMessage request, string body)
        {
            Bodies.Enqueue(body);
            var copy = new StringContent(body);
            copy.Headers.ContentType = request.Content!.Headers.ContentType;
            request.Content = copy;
        }
    }
}

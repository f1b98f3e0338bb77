using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using SpanKind = TraceFlow.Grains.Traces.SpanKind;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>
/// The real OpenTelemetry .NET OTLP exporter, over gRPC and over HTTP/protobuf, against the
/// gateway on real ports: a two-service trace with every attribute type, an event, an error
/// status, a link and a tracestate comes back through the API and the span model whole.
/// </summary>
public sealed class OtlpExporterTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    private static readonly string[] StringArray = ["a", "b"];
    private static readonly long[] LongArray = [1, 2];

    private readonly GatewayClient client = new(factory);

    [Fact]
    public Task OtlpExporter_OverGrpc_DeliversAMultiServiceTraceWithEveryField() =>
        ExportAndVerifyAsync(OtlpExportProtocol.Grpc, factory.OtlpGrpcAddress);

    [Fact]
    public Task OtlpExporter_OverHttpProtobuf_DeliversAMultiServiceTraceWithEveryField() =>
        ExportAndVerifyAsync(OtlpExportProtocol.HttpProtobuf, factory.OtlpHttpTracesAddress);

    [Fact]
    public async Task KestrelGateway_ListensOnTheMainUrlAndBothOtlpPorts()
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        Assert.Equal(
            new[] { factory.OtlpGrpcPort, factory.OtlpHttpPort, factory.MainPort }.Order(),
            addresses.Select(a => new Uri(a).Port).Order());
        Assert.Equal(factory.MainPort, client.Http.BaseAddress!.Port);
        using var health = await client.Http.GetAsync("/healthz", GatewayClient.Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task KestrelGateway_ServesOtlpJsonOnTheMainPortAndHttp2OnlyOnTheGrpcPort()
    {
        using var http = new HttpClient();
        using var onMain = await http.PostAsync(new Uri(factory.MainAddress, "/v1/traces"), new StringContent("{}", Encoding.UTF8, "application/json"), GatewayClient.Cancel);
        using var http2 = new HttpRequestMessage(HttpMethod.Post, new Uri(factory.OtlpGrpcAddress, "/v1/traces"))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var onGrpcPort = await http.SendAsync(http2, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, onMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onGrpcPort.StatusCode);
        Assert.Equal(HttpVersion.Version20, onGrpcPort.Version);
        // Kestrel turns HTTP/1.1 away from an HTTP/2-only endpoint, saying why.
        using var http1 = await http.GetAsync(new Uri(factory.OtlpGrpcAddress, "/healthz"), GatewayClient.Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, http1.StatusCode);
        Assert.Contains("HTTP/2 only endpoint", await http1.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
    }

    private async Task ExportAndVerifyAsync(OtlpExportProtocol protocol, Uri endpoint)
    {
        // Source names of their own: ActivitySource listeners are process-wide and tests run in parallel.
        var suffix = Guid.NewGuid().ToString("N");
        using var frontendSource = new ActivitySource($"TraceFlow.Tests.Frontend.{suffix}", "1.2.3");
        using var backendSource = new ActivitySource($"TraceFlow.Tests.Backend.{suffix}");
        using var frontend = ExporterProviders.Otlp("frontend", frontendSource.Name, protocol, endpoint);
        using var backend = ExporterProviders.Otlp("backend", backendSource.Name, protocol, endpoint);
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "linked=1");

        Activity.Current = null;
        Activity root, call, handler;
        using (root = frontendSource.StartActivity(
            "GET /checkout", ActivityKind.Server, parentContext: default, links: [new ActivityLink(linked, new ActivityTagsCollection { ["link.reason"] = "batch" })])!)
        {
            root.TraceStateString = "vendor=abc";
            root.SetTag("attr.string", "text");
            root.SetTag("attr.bool", true);
            root.SetTag("attr.long", 42L);
            root.SetTag("attr.double", 3.5);
            root.SetTag("attr.strings", StringArray);
            root.SetTag("attr.longs", LongArray);
            root.AddEvent(new ActivityEvent("cache miss", tags: new ActivityTagsCollection { ["event.key"] = "k1", ["event.count"] = 3L }));
            using (call = frontendSource.StartActivity("GET", ActivityKind.Client)!)
            {
                // The backend continues the trace from the propagated context, as after an HTTP hop.
                using (handler = backendSource.StartActivity("GET /inventory", ActivityKind.Server, call.Context)!)
                {
                    handler.SetStatus(ActivityStatusCode.Error, "out of stock");
                }
            }
        }

        Assert.True(frontend.ForceFlush(10_000));
        Assert.True(backend.ForceFlush(10_000));

        var traceId = root.TraceId.ToHexString();
        var trace = await client.WaitForTraceAsync(traceId, minSpans: 3);
        Assert.Equal(["backend", "frontend"], trace.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["frontend → backend"], trace.GetProperty("dependency_path").EnumerateArray().Select(s => s.GetString()));
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("span_id").GetString()!);
        var rootJson = spans[root.SpanId.ToHexString()];
        Assert.Equal("frontend", rootJson.GetProperty("service").GetString());
        Assert.Equal("GET /checkout", rootJson.GetProperty("operation").GetString());
        Assert.Equal("server", rootJson.GetProperty("kind").GetString());
        var attributes = rootJson.GetProperty("attributes");
        Assert.Equal("text", attributes.GetProperty("attr.string").GetString());
        Assert.Equal("true", attributes.GetProperty("attr.bool").GetString());
        Assert.Equal("42", attributes.GetProperty("attr.long").GetString());
        Assert.Equal("3.5", attributes.GetProperty("attr.double").GetString());
        Assert.Equal("""["a","b"]""", attributes.GetProperty("attr.strings").GetString());
        Assert.Equal("[1,2]", attributes.GetProperty("attr.longs").GetString());
        var cacheMiss = Assert.Single(rootJson.GetProperty("events").EnumerateArray());
        Assert.Equal("cache miss", cacheMiss.GetProperty("name").GetString());
        Assert.Equal("3", cacheMiss.GetProperty("attributes").GetProperty("event.count").GetString());
        var callJson = spans[call.SpanId.ToHexString()];
        Assert.Equal("client", callJson.GetProperty("kind").GetString());
        Assert.Equal(root.SpanId.ToHexString(), callJson.GetProperty("parent_span_id").GetString());
        var handlerJson = spans[handler.SpanId.ToHexString()];
        Assert.Equal("backend", handlerJson.GetProperty("service").GetString());
        Assert.Equal(call.SpanId.ToHexString(), handlerJson.GetProperty("parent_span_id").GetString());
        Assert.Equal("error", handlerJson.GetProperty("status").GetString());
        Assert.Equal("out of stock", handlerJson.GetProperty("status_message").GetString());

        // What the TraceFlow JSON API does not show, straight from the stored span model.
        var stored = await factory.Services.GetRequiredService<ITraceReader>().GetTraceAsync(new TraceKey(TraceKey.DefaultTenant, traceId), GatewayClient.Cancel);
        var model = stored!.Spans.ToDictionary(s => s.SpanId);
        var rootSpan = model[root.SpanId.ToHexString()];
        Assert.Equal(ToUnixNanos(root.StartTimeUtc), rootSpan.StartUnixNanos);
        Assert.Equal(root.Duration.Ticks * 100, rootSpan.DurationNanos);
        Assert.Equal(
            [
                new SpanAttribute("attr.string", "text", AttributeValueType.StringValue),
                new SpanAttribute("attr.bool", "true", AttributeValueType.BoolValue),
                new SpanAttribute("attr.long", "42", AttributeValueType.IntValue),
                new SpanAttribute("attr.double", "3.5", AttributeValueType.DoubleValue),
                new SpanAttribute("attr.strings", """["a","b"]""", AttributeValueType.ArrayValue),
                new SpanAttribute("attr.longs", "[1,2]", AttributeValueType.ArrayValue),
            ],
            rootSpan.Attributes);
        Assert.Contains(new SpanAttribute("service.name", "frontend"), rootSpan.ResourceAttributes);
        Assert.Contains(new SpanAttribute("telemetry.sdk.language", "dotnet"), rootSpan.ResourceAttributes);
        Assert.Equal(frontendSource.Name, rootSpan.Scope!.Name);
        Assert.Equal("1.2.3", rootSpan.Scope.Version);
        Assert.Equal("vendor=abc", rootSpan.TraceState);
        Assert.Equal(1u, rootSpan.Flags & 0xFF);
        Assert.Equal(default, rootSpan.Dropped);
        var rootEvent = Assert.Single(rootSpan.Events);
        Assert.Equal(ToUnixNanos(root.Events.Single().Timestamp.UtcDateTime), rootEvent.TimeUnixNanos);
        Assert.Equal([new SpanAttribute("event.key", "k1"), new SpanAttribute("event.count", "3", AttributeValueType.IntValue)], rootEvent.Attributes);
        var link = Assert.Single(rootSpan.Links);
        Assert.Equal(linked.TraceId.ToHexString(), link.TraceId);
        Assert.Equal(linked.SpanId.ToHexString(), link.SpanId);
        Assert.Equal("linked=1", link.TraceState);
        Assert.Equal([new SpanAttribute("link.reason", "batch")], link.Attributes);
        var handlerSpan = model[handler.SpanId.ToHexString()];
        Assert.Contains(new SpanAttribute("service.name", "backend"), handlerSpan.ResourceAttributes);
        Assert.Equal(backendSource.Name, handlerSpan.Scope!.Name);
        Assert.Null(handlerSpan.Scope.Version);
        Assert.Equal("vendor=abc", handlerSpan.TraceState);
        Assert.Equal(SpanKind.Server, handlerSpan.Kind);
        Assert.Equal(SpanStatusCode.Error, handlerSpan.Status);
        Assert.Equal(SpanKind.Client, model[call.SpanId.ToHexString()].Kind);
    }

    private static long ToUnixNanos(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks * 100;
}

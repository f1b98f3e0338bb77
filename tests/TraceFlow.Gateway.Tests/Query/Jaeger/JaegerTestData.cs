using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query.Jaeger;

/// <summary>
/// Test data for the Jaeger APIs. Typed attributes, resources, scopes and links cannot be
/// sent as TraceFlow JSON, so such traces are written to the store directly, where they are
/// readable at once (no decision wait).
/// </summary>
internal static class JaegerTestData
{
    public const long NanosPerMicro = 1_000;
    public const long NanosPerMilli = 1_000_000;

    public static Task StoreAsync(GatewayFactory factory, params StoredTrace[] traces) =>
        factory.Services.GetRequiredService<ITraceWriter>().WriteAsync(traces, GatewayClient.Cancel);

    public static StoredTrace Trace(string traceId, params Span[] spans) =>
        new(new TraceKey(TraceKey.DefaultTenant, traceId), [.. spans], new SamplingDecision(true, "test"));

    public static Span Span(
        string traceId,
        string spanId,
        string service,
        string operation,
        long startUnixNanos,
        long durationNanos,
        string? parentSpanId = null,
        SpanKind kind = SpanKind.Unspecified,
        SpanStatusCode status = SpanStatusCode.Unset,
        string? statusMessage = null,
        ImmutableArray<SpanAttribute> attributes = default,
        ImmutableArray<SpanAttribute> resource = default,
        SpanScope? scope = null,
        ImmutableArray<SpanEvent> events = default,
        ImmutableArray<SpanLink> links = default,
        string? traceState = null) => new()
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            Service = service,
            Operation = operation,
            StartUnixNanos = startUnixNanos,
            DurationNanos = durationNanos,
            Kind = kind,
            Status = status,
            StatusMessage = statusMessage,
            Attributes = attributes.IsDefault ? [] : attributes,
            ResourceAttributes = resource.IsDefault ? [] : resource,
            Scope = scope,
            Events = events.IsDefault ? [] : events,
            Links = links.IsDefault ? [] : links,
            TraceState = traceState,
        };

    public static SpanAttribute Text(string key, string value) => new(key, value);

    public static SpanAttribute Typed(string key, string value, AttributeValueType type) => new(key, value, type);

    /// <summary>Fake-clock "now" in Unix nanoseconds, for data inside the default search windows.</summary>
    public static long NowNanos(GatewayFactory factory) =>
        (factory.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;

    public static string NewService(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Same JSON, whatever the order of object members; arrays keep their order.</summary>
    public static void AssertJsonEqual(string expected, JsonElement actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual.GetRawText());
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"expected:\n{expectedNode?.ToJsonString()}\nactual:\n{actualNode?.ToJsonString()}");
    }

    public static async Task<JsonElement> GetOkAsync(GatewayClient client, string path)
    {
        var (status, body) = await client.GetJsonAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
        return body;
    }
}
